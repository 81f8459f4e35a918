package hubchat.hub;

import hubchat.metrics.HubView;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** What the metrics read from the hub when scraped: its connections, rooms, readiness and send queues. */
final class HubGauges implements HubView {
    private final Members members;
    private final Rooms rooms;
    private final BooleanSupplier ready;

    HubGauges(Members members, Rooms rooms, BooleanSupplier ready) {
        this.members = members;
        this.rooms = rooms;
        this.ready = ready;
    }

    @Override
    public int connections() {
        return members.count();
    }

    @Override
    public int rooms() {
        return rooms.count();
    }

    @Override
    public boolean ready() {
        return ready.getAsBoolean();
    }

    @Override
    public void outstandingBytes(LongConsumer each) {
        members.forEach(m -> each.accept(m.connection().outstandingBytes()));
    }
}
