package hubchat.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The handshake's query string ({@code nick=ann&since=ID}), decoded here and not by the
 * container, so that every container reads the same parameters: containers differ (one decodes
 * escapes as ISO-8859-1, another answers a bad escape with HTTP 500). The one place handshake
 * parameters come from: the servlet filter checks the query with it before the upgrade, the
 * endpoint reads the parameters with it.
 *
 * <p>Rules (docs/protocol.md): {@code &}-separated {@code name=value} pairs ({@code name} alone
 * has the value ""; empty pairs are skipped); {@code %XX} is a byte, {@code +} a space, any other
 * character must be printable ASCII; the bytes of each name and value must be well-formed UTF-8
 * (no broken sequence, overlong form or encoded surrogate), so every string decoded is
 * well-formed Unicode. A name may appear once: a repeated one is refused rather than guessed at,
 * as a proxy in front may have picked the other value. Names the server does not know are
 * ignored (after decoding).
 */
public final class HandshakeQuery {
    /** A {@code %} not followed by two hex digits. */
    public static final String BAD_ESCAPE = "a % must be followed by two hex digits";
    /** A character a query must percent-encode (space, control, non-ASCII). */
    public static final String UNENCODED = "characters other than printable ASCII must be percent-encoded";
    /** Percent-decoded bytes that are not well-formed UTF-8. */
    public static final String NOT_UTF8 = "percent-encoded bytes are not well-formed UTF-8";
    /** The same parameter twice. */
    public static final String REPEATED = "a parameter is given more than once";

    private static final HandshakeQuery EMPTY = new HandshakeQuery(Map.of());

    private final Map<String, String> parameters;

    private HandshakeQuery(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** Decodes a raw (still percent-encoded) query; null or "" is a query with no parameters. */
    public static HandshakeQuery parse(String raw) throws BadQueryException {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (parameters.putIfAbsent(name, value) != null) {
                throw new BadQueryException(REPEATED);
            }
        }
        return new HandshakeQuery(parameters);
    }

    /** The decoded value of parameter {@code name}, or null if the query does not have it. */
    public String get(String name) {
        return parameters.get(name);
    }

    /** One name or value: escapes and {@code +} turned into bytes, the bytes read as strict UTF-8. */
    static String decode(String raw) throws BadQueryException {
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        boolean plain = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hex(raw.charAt(i + 2));
                if (low < 0) {
                    throw new BadQueryException(BAD_ESCAPE);
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
                plain = false;
            } else if (c == '+') {
                bytes[n++] = ' ';
                plain = false;
            } else if (c > ' ' && c < 0x7F) {
                bytes[n++] = (byte) c;
            } else {
                throw new BadQueryException(UNENCODED);
            }
        }
        return plain ? raw : strictUtf8(ByteBuffer.wrap(bytes, 0, n));
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would take other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String strictUtf8(ByteBuffer bytes) throws BadQueryException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = utf8.decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadQueryException(NOT_UTF8);
        }
    }
}
