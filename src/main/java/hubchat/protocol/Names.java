package hubchat.protocol;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The rules for room names and nicknames, and nothing else. */
public final class Names {
    /** Room names: 1 to 64 of {@code [A-Za-z0-9_-]}. */
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The room rule in words, for a client whose room breaks it. */
    public static final String ROOM_RULE = "room must be 1 to 64 of A-Z a-z 0-9 _ -";
    /** A run of space separators (Zs) in a nick, made one plain space. */
    private static final Pattern SPACES = Pattern.compile("\\p{Zs}+");
    /** Longest nick, in code points after trimming. */
    public static final int MAX_NICK_LENGTH = 32;
    /** The nick rules in words, for a client whose nick breaks them. */
    public static final String NICK_RULE = "a nick is 1 to " + MAX_NICK_LENGTH
            + " characters of one script, with no control, invisible or blank characters";

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

    /**
     * What two nicks that count as the same have in common: nicks are unique by this key. The key
     * folds what makes different strings look alike: compatibility forms (NFKC: full-width
     * {@code ＢＯＢ} is {@code BOB}, the ligature {@code ﬁ} is {@code fi}), case (full case
     * folding: {@code STRASSE} is {@code straße}), and combining marks, which are dropped, so
     * {@code bób} and {@code bob} are the same nick. A nick that passes {@link #cleanNick} has a
     * non-empty key, and the key of a key is itself.
     */
    public static String nickKey(String nick) {
        String s = Normalizer.normalize(nick, Normalizer.Form.NFKD);
        // Upper then lower case is Java's nearest to Unicode's full case folding (ß is SS, is ss);
        // twice, as a capital ß lowers to ß, which a second round makes ss.
        for (int round = 0; round < 2; round++) {
            s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        }
        s = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder bare = new StringBuilder(s.length());
        s.codePoints().filter(cp -> !isMark(cp)).forEach(bare::appendCodePoint);
        return Normalizer.normalize(bare, Normalizer.Form.NFKC);
    }

    public static boolean isValidRoom(String room) {
        return room != null && ROOM.matcher(room).matches();
    }

    /**
     * The nick to use for {@code raw}, as others will see it, or empty if it breaks the rules.
     * It is {@code raw} in NFC with every space character ({@code Zs}: no-break, ideographic...)
     * made a plain space, runs of spaces made one, and trimmed. It is refused when it is then
     * empty or longer than {@link #MAX_NICK_LENGTH} code points, holds a character that is
     * invisible or blank (control, format, line or paragraph separator, default-ignorable, braille
     * blank), private-use or unassigned, mixes scripts ({@link Scripts}), or is made of marks only.
     */
    public static Optional<String> cleanNick(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String nick = singleSpaced(Normalizer.normalize(raw, Normalizer.Form.NFC));
        int length = nick.codePointCount(0, nick.length());
        if (length == 0 || length > MAX_NICK_LENGTH) {
            return Optional.empty();
        }
        boolean clean = nick.codePoints().allMatch(Names::allowedInNick)
                && Scripts.isHighlyRestrictive(nick)
                && !nickKey(nick).isBlank();
        return clean ? Optional.of(nick) : Optional.empty();
    }

    /**
     * {@code s} with each run of space separators made one U+0020, trimmed of Java's whitespace.
     * Other spaces look like U+0020, and a page shows a run of spaces as one, so neither can make
     * two nicks look different; folding them spares the people who type them by accident (a
     * no-break space on some keyboards, the ideographic space of CJK input methods).
     */
    private static String singleSpaced(String s) {
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    private static boolean allowedInNick(int cp) {
        int type = Character.getType(cp);
        return type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE
                && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED
                && !Invisibles.isDefaultIgnorable(cp)
                && cp != Invisibles.BRAILLE_BLANK;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }
}
