package hubchat.protocol;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The rules for room names and nicknames, and nothing else. */
public final class Names {
    /** Room names: 1 to 64 of {@code [A-Za-z0-9_-]}. */
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The room rule in words, for a client whose room breaks it. */
    public static final String ROOM_RULE = "room must be 1 to 64 of A-Z a-z 0-9 _ -";
    /** Longest nick, in code points after trimming. */
    public static final int MAX_NICK_LENGTH = 32;

    private Names() {
    }

    /** A nick for someone who came without a usable one: {@code guest-1000} to {@code guest-9999}. */
    public static String guestName() {
        return "guest-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
    }

    /**
     * The {@code n}th choice for someone who wants {@code wanted} ({@code n} from 1): {@code wanted}
     * itself, then {@code wanted-2}, {@code wanted-3}..., cut so as to stay within
     * {@link #MAX_NICK_LENGTH} code points.
     */
    public static String withSuffix(String wanted, int n) {
        if (n <= 1) {
            return wanted;
        }
        String suffix = "-" + n;
        int room = MAX_NICK_LENGTH - suffix.length();
        String base = wanted.codePointCount(0, wanted.length()) > room
                ? wanted.substring(0, wanted.offsetByCodePoints(0, room))
                : wanted;
        return base + suffix;
    }

    /** What two nicks that count as the same have in common: nicks are unique case-insensitively. */
    public static String nickKey(String nick) {
        return nick.toLowerCase(java.util.Locale.ROOT);
    }

    public static boolean isValidRoom(String room) {
        return room != null && ROOM.matcher(room).matches();
    }

    /**
     * The nick to use for {@code raw}: trimmed, or empty if it breaks the rules (empty,
     * longer than {@link #MAX_NICK_LENGTH} code points, or holding control or format
     * characters, which covers bidi overrides and zero-width characters).
     */
    public static Optional<String> cleanNick(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String nick = raw.strip();
        int length = nick.codePointCount(0, nick.length());
        if (length == 0 || length > MAX_NICK_LENGTH) {
            return Optional.empty();
        }
        boolean clean = nick.codePoints().allMatch(Names::allowedInNick);
        return clean ? Optional.of(nick) : Optional.empty();
    }

    private static boolean allowedInNick(int cp) {
        int type = Character.getType(cp);
        return type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE
                && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED;
    }
}
