package hubchat.logging;

/**
 * How a value is written into a log line so the line stays one line and splits cleanly: as is
 * when it is plain printable ASCII (no space, {@code "} or {@code \}, nor the line's own
 * separator), else in double quotes with {@code "} and {@code \} escaped and control and line
 * separator characters written as {@code \\uXXXX}. The settings line and the connection log
 * write values so.
 */
public final class Quoting {
    private Quoting() {
    }

    /** {@code text} as is if it is plain and holds no {@code separator}, else {@link #quoted}. */
    public static String unlessPlain(String text, char separator) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\\' && c != separator)) {
            return text;
        }
        return quoted(text);
    }

    /** {@code text} in double quotes, escaped. */
    public static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
