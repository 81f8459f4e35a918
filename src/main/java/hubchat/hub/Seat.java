package hubchat.hub;

import hubchat.roster.SeatKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's place in a room, which outlives its connection: the nick it holds, the secret
 * that lets the client take it back, and the members sitting in it, or none while the seat is
 * held for a client whose connection dropped. A client without an identity has one connection
 * per seat; a user with an identity has one seat however many connections (tabs) it opens.
 * Room thread only. The secret is a credential: it goes into the client's welcome and nowhere
 * else (never into a log or a {@code toString}).
 */
final class Seat {
    /** Who sends from this seat, to the engine: stable across renames and resumes, never shown. */
    private final String key;
    /** The user id of the identity whose seat this is; null for a client without one. */
    private final String userId;
    private String nick;
    private String secret;
    /** Its connections, oldest first; empty while held. */
    private final List<Member> members = new ArrayList<>(1);
    /** While held: the hub-clock time at which the hold ends. */
    private long heldUntil;

    Seat(String key, String nick, String userId) {
        this.key = key;
        this.nick = nick;
        this.userId = userId;
    }

    /**
     * A key for a new seat of {@code m}: random, so that seats of every node differ; for a user
     * with an identity, naming the user too, so that the roster knows its seats on every node as
     * one user's ({@link SeatKeys}).
     */
    static String newKey(Member m) {
        return m.identity() == null ? SeatKeys.anonymous() : SeatKeys.ofUser(m.identity().userId());
    }

    String key() {
        return key;
    }

    String userId() {
        return userId;
    }

    String nick() {
        return nick;
    }

    void nick(String nick) {
        this.nick = nick;
    }

    String secret() {
        return secret;
    }

    void secret(String secret) {
        this.secret = secret;
    }

    /** Who sat here first of those still here; null while the seat is held. */
    Member member() {
        return members.isEmpty() ? null : members.get(0);
    }

    /** How many connections sit here (more than one only for a user with an identity). */
    int memberCount() {
        return members.size();
    }

    void add(Member m) {
        members.add(m);
    }

    /** {@code m} leaves; true if it sat here. */
    boolean remove(Member m) {
        return members.remove(m);
    }

    /** Everyone leaves at once (a resume takes the seat over). */
    void clear() {
        members.clear();
    }

    long heldUntil() {
        return heldUntil;
    }

    void heldUntil(long heldUntil) {
        this.heldUntil = heldUntil;
    }

    @Override
    public String toString() {
        return "Seat[" + nick + (members.isEmpty() ? ", held" : "") + "]";
    }
}
