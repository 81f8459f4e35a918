package hubchat.metrics;

import java.util.function.LongConsumer;

/**
 * What the metrics read from a hub when scraped, and only then: the gauges cost the chat
 * nothing between scrapes. Implemented by the hub; every method is safe from any thread.
 */
public interface HubView {
    /** Open connections on this node. */
    int connections();

    /** Rooms open on this node. */
    int rooms();

    /** Whether the node can serve chat now. */
    boolean ready();

    /** Hands {@code each} the outstanding bytes of every open connection (queued or written and not yet taken). */
    void outstandingBytes(LongConsumer each);
}
