package hubchat.hub;

/**
 * One client's place in a room, which outlives its connection: the nick it holds, the secret
 * that lets the client take it back, and the member sitting in it, or none while the seat is
 * held for a client whose connection dropped. Room thread only. The secret is a credential: it
 * goes into the client's welcome and nowhere else (never into a log or a {@code toString}).
 */
final class Seat {
    /** Who sends from this seat, to the engine: stable across renames and resumes, never shown. */
    private final String key;
    private String nick;
    private String secret;
    private Member member;
    /** While held: the hub-clock time at which the hold ends. */
    private long heldUntil;

    Seat(String key, String nick) {
        this.key = key;
        this.nick = nick;
    }

    /** A key for a new seat: random, so that seats of every node differ. */
    static String newKey() {
        return Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    String key() {
        return key;
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

    /** Who sits here; null while the seat is held. */
    Member member() {
        return member;
    }

    void member(Member member) {
        this.member = member;
    }

    long heldUntil() {
        return heldUntil;
    }

    void heldUntil(long heldUntil) {
        this.heldUntil = heldUntil;
    }

    @Override
    public String toString() {
        return "Seat[" + nick + (member == null ? ", held" : "") + "]";
    }
}
