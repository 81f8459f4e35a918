package hubchat.hub;

import hubchat.protocol.Names;
import hubchat.roster.Roster;
import hubchat.roster.Roster.SeatState;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Who sits where in one room: every nick in use or held (compared by {@link Names#nickKey}, so
 * lookalikes are one nick), and the resume secrets that lead back to a seat. A seat is occupied
 * while its member is connected. When a connection ends without the client's goodbye, its seat
 * is held: the nick stays reserved and the secret keeps working until the hold ends, so the
 * client can come back as itself. Room thread only.
 *
 * <p>A user with an identity has at most one seat here, found by its user id: its second tab
 * sits in the same seat, and coming back within the hold takes it back without a secret.
 *
 * <p>Invariants: every seat here is in {@code byNick} under its nick and, once it has a secret,
 * in {@code bySecret} under that secret only, and a user's seat is in {@code byUser} under its
 * user id; a seat is in {@code held} exactly when it has no member. Held seats expire lazily, whenever this class is asked anything, and at most
 * {@link #MAX_HELD} are kept.
 */
final class Seats {
    /** Random bytes in a resume secret: 128 bits, so it cannot be guessed. */
    private static final int SECRET_BYTES = 16;
    /** Held seats kept per room; beyond it the one held longest is released early (a memory bound). */
    static final int MAX_HELD = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** Choices asked of the roster at once: past this many taken nicks, a guest name. */
    static final int CANDIDATES = 16;

    private final LongSupplier clock;
    private final long holdMillis;
    private final String room;
    /** Told of each seat that is gone (its nick free again) and of each new resume secret. */
    private final Roster roster;
    private final Map<String, Seat> byNick = new HashMap<>();
    private final Map<String, Seat> bySecret = new HashMap<>();
    private final Map<String, Seat> byUser = new HashMap<>();
    /** Held seats in the order their holds end (every hold is equally long). */
    private final LinkedHashSet<Seat> held = new LinkedHashSet<>();

    Seats(LongSupplier clock, long holdMillis, String room, Roster roster) {
        this.clock = clock;
        this.holdMillis = holdMillis;
        this.room = room;
        this.roster = roster;
    }

    /**
     * The nicks {@code seat} (null for a new one) may take when it wants {@code wanted}, best
     * first: {@code wanted}, {@code wanted-2}, {@code wanted-3}... that no other seat here holds.
     */
    List<String> candidates(String wanted, Seat self) {
        releaseExpired();
        List<String> out = new ArrayList<>(CANDIDATES);
        for (int n = 1; out.size() < CANDIDATES; n++) {
            String candidate = Names.withSuffix(wanted, n);
            if (!isTakenByOther(candidate, self)) {
                out.add(candidate);
            }
        }
        return out;
    }

    /**
     * Seats {@code m} in a new seat {@code key} under {@code wanted}, or {@code wanted-2},
     * {@code wanted-3}... whichever is free; the seat of {@code m}'s user, if it has an identity
     * (which has no seat here yet).
     */
    void sit(Member m, String key, String wanted) {
        releaseExpired();
        String userId = m.identity() == null ? null : m.identity().userId();
        Seat seat = new Seat(key, unique(wanted, null), userId);
        byNick.put(key(seat.nick()), seat);
        if (userId != null) {
            byUser.put(userId, seat);
        }
        seat.add(m);
        m.seat(seat);
    }

    /** The seat of the user {@code userId}, occupied or held; null if it has none here. */
    Seat ofUser(String userId) {
        releaseExpired();
        return byUser.get(userId);
    }

    /** {@code m}, another connection of the seat's user, sits in it too; true if the seat was held. */
    boolean join(Seat seat, Member m) {
        boolean wasHeld = held.remove(seat);
        seat.add(m);
        m.seat(seat);
        return wasHeld;
    }

    /** {@code m} leaves its seat; true if it was the last connection there (the seat is then to be vacated). */
    boolean leave(Member m) {
        Seat seat = m.seat();
        return seat.remove(m) && seat.memberCount() == 0;
    }

    /**
     * The seat {@code secret} opens, occupied or held; null for no secret, an unknown one, one
     * already used, one whose hold ended, or one from another room.
     */
    Seat find(String secret) {
        releaseExpired();
        return secret == null ? null : bySecret.get(secret);
    }

    /** Sits {@code m} in {@code seat}; returns who sat there before (null if it was held). */
    Member takeOver(Seat seat, Member m) {
        Member previous = seat.member();
        held.remove(seat);
        seat.clear();
        seat.add(m);
        m.seat(seat);
        return previous;
    }

    /**
     * A fresh secret for {@code seat}, handed out with each welcome; the previous one stops
     * working. The roster learns it, so that it opens the seat from another node too.
     */
    String renewSecret(Seat seat) {
        if (seat.secret() != null) {
            bySecret.remove(seat.secret());
        }
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        String secret = BASE64URL.encodeToString(bytes);
        seat.secret(secret);
        bySecret.put(secret, seat);
        if (seat.userId() == null) {
            roster.secret(room, seat.key(), secret); // a user's seats are found by its id
        }
        return secret;
    }

    /**
     * The last member of {@code seat} is gone ({@link #leave}). If {@code hold}, the seat is kept
     * for it until the hold ends; otherwise (the client said goodbye, or holds are off) its nick
     * is free at once. Returns whether the seat is held.
     */
    boolean vacate(Seat seat, boolean hold) {
        if (!hold || holdMillis == 0) {
            release(seat);
            return false;
        }
        seat.heldUntil(clock.getAsLong() + holdMillis);
        held.add(seat);
        if (held.size() > MAX_HELD) {
            release(held.iterator().next());
        }
        return true;
    }

    /** Every seat here, present or held, as the roster stores them. */
    List<SeatState> states() {
        releaseExpired();
        List<SeatState> out = new ArrayList<>(byNick.size());
        for (Seat seat : byNick.values()) {
            out.add(new SeatState(seat.key(), seat.nick(), seat.member() != null));
        }
        return out;
    }

    /** Gives {@code seat} the nick {@code wanted}, or a suffixed one if that is taken; returns it. */
    String rename(Seat seat, String wanted) {
        releaseExpired();
        String nick = unique(wanted, seat);
        byNick.remove(key(seat.nick()), seat);
        seat.nick(nick);
        byNick.put(key(nick), seat);
        return nick;
    }

    /** The seat named {@code key} to the roster, occupied or held; null if none here has it. */
    Seat ofKey(String key) {
        for (Seat seat : byNick.values()) {
            if (seat.key().equals(key)) {
                return seat;
            }
        }
        return null;
    }

    /**
     * {@code seat} went to another node (a resume there took it): forgotten here, its nick not
     * released, as it is the other node's now. Returns who sat in it.
     */
    List<Member> moveAway(Seat seat) {
        List<Member> sitting = new ArrayList<>();
        for (Member m = seat.member(); m != null; m = seat.member()) {
            sitting.add(m);
            seat.remove(m);
        }
        held.remove(seat);
        unindex(seat);
        return sitting;
    }

    /** Forgets every seat whose hold has ended. */
    void releaseExpired() {
        long now = clock.getAsLong();
        for (Iterator<Seat> it = held.iterator(); it.hasNext(); ) {
            Seat seat = it.next();
            if (seat.heldUntil() > now) {
                return;
            }
            it.remove();
            forget(seat);
        }
    }

    int heldCount() {
        return held.size();
    }

    private void release(Seat seat) {
        held.remove(seat);
        forget(seat);
    }

    private void forget(Seat seat) {
        unindex(seat);
        roster.release(room, seat.key());
    }

    private void unindex(Seat seat) {
        byNick.remove(key(seat.nick()), seat);
        if (seat.secret() != null) {
            bySecret.remove(seat.secret(), seat);
        }
        if (seat.userId() != null) {
            byUser.remove(seat.userId(), seat);
        }
    }

    /** {@code wanted}, or {@code wanted-2}, {@code wanted-3}... whichever no other seat here holds. */
    private String unique(String wanted, Seat self) {
        String candidate = wanted;
        for (int n = 2; isTakenByOther(candidate, self); n++) {
            candidate = Names.withSuffix(wanted, n);
        }
        return candidate;
    }

    private boolean isTakenByOther(String nick, Seat self) {
        Seat holder = byNick.get(key(nick));
        return holder != null && holder != self;
    }

    private static String key(String nick) {
        return Names.nickKey(nick);
    }
}
