package hubchat.roster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys seats are named by, in a room and to the {@link Roster}: random, so that the seats of
 * every node differ; for a user with an identity, prefixed with a tag naming the user
 * ({@code @TAG.RANDOM}), so that the roster can tell the seats of one user apart from everyone
 * else's on every node, and let them share one nick. The tag is a digest of the user id, not the
 * id: an id may hold any character, a key must not hold the roster's separators (tab, and the
 * dot that ends the tag). And the digest a seat's resume secret is found by ({@link #secretDigest}).
 * Thread-safe.
 */
public final class SeatKeys {
    /** What starts the key of a user's seat; an anonymous key (base 36) never does. */
    public static final char USER_MARK = '@';
    /** Ends a user's tag in its seat key; never in a tag (base64url). */
    public static final char TAG_END = '.';
    /** Bytes of the user id's SHA-256 kept in the tag: 128 bits, so two users' tags never meet. */
    private static final int TAG_BYTES = 16;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private SeatKeys() {
    }

    /** A key for a new seat of a client without an identity. */
    public static String anonymous() {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    /** A key for a new seat of the user {@code userId} (on this node: each node's seats of a user differ). */
    public static String ofUser(String userId) {
        return userTag(userId) + TAG_END + anonymous();
    }

    /** The tag of the user {@code userId}: {@code @} and a digest of the id. */
    public static String userTag(String userId) {
        return USER_MARK + BASE64URL.encodeToString(Arrays.copyOf(sha256(userId), TAG_BYTES));
    }

    /**
     * What a shared roster keeps of a seat's resume secret, to find the seat by: its SHA-256, so
     * that whoever reads the roster cannot take a seat with it. The secret has 128 random bits:
     * no salt or stretching is needed.
     */
    public static String secretDigest(String secret) {
        return BASE64URL.encodeToString(sha256(secret));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The user tag of a seat key, or null for the seat of a client without an identity. */
    public static String userTagOf(String seatKey) {
        int end = seatKey.indexOf(TAG_END);
        return end > 1 && seatKey.charAt(0) == USER_MARK ? seatKey.substring(0, end) : null;
    }
}
