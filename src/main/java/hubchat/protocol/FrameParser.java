package hubchat.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Turns a client's text frame into a {@link ClientFrame}, or a {@link ProtocolException} saying
 * what is wrong with it. Stateless and thread-safe: runs on the container's reader threads so
 * parsing never queues behind a room.
 *
 * <p>Invariant: every string a {@link ClientFrame} carries, and every piece of client input an
 * error message quotes, is well-formed Unicode ({@link Unicode}): a field that is not is refused
 * by name, without quoting it.
 */
public final class FrameParser {
    /** Nesting deeper than this is refused early (hostile input). */
    private static final int MAX_NESTING = 8;
    /** Most code points of an unknown {@code type} quoted back in its error message. */
    private static final int MAX_QUOTED_TYPE = 32;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();

    private FrameParser() {
    }

    public static ClientFrame parse(String text) throws ProtocolException {
        Fields f = readFields(text);
        if (f.type == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame has no string field 'type'");
        }
        return switch (f.type) {
            case "message" -> post(f);
            case "nick" -> changeNick(f);
            case "typing" -> new ClientFrame.Typing();
            case "history" -> history(f);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown frame type '" + Unicode.shorten(f.type, MAX_QUOTED_TYPE) + "'");
        };
    }

    private static ClientFrame post(Fields f) throws ProtocolException {
        String text = Text.clean(required(f.text, "text"));
        if (Text.isEmpty(text)) {
            throw new ProtocolException(ErrorCode.EMPTY, "text is empty");
        }
        if (text.codePointCount(0, text.length()) > Limits.MAX_TEXT_LENGTH) {
            throw new ProtocolException(ErrorCode.TOO_LONG, "text is longer than " + Limits.MAX_TEXT_LENGTH + " characters");
        }
        if (f.cid != null && f.cid.length() > Limits.MAX_CID_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "cid is longer than " + Limits.MAX_CID_LENGTH + " characters");
        }
        return new ClientFrame.Post(text, f.cid);
    }

    private static ClientFrame changeNick(Fields f) throws ProtocolException {
        String raw = required(f.nick, "nick");
        String nick = Names.cleanNick(raw).orElseThrow(() -> new ProtocolException(ErrorCode.BAD_NICK, Names.NICK_RULE));
        return new ClientFrame.ChangeNick(nick);
    }

    private static ClientFrame history(Fields f) throws ProtocolException {
        int limit = f.limit == null ? Limits.DEFAULT_HISTORY_PAGE : f.limit;
        if (limit < 1 || limit > Limits.MAX_HISTORY_PAGE) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "limit must be 1 to " + Limits.MAX_HISTORY_PAGE);
        }
        return new ClientFrame.HistoryRequest(f.before, limit);
    }

    private static String required(String value, String name) throws ProtocolException {
        if (value == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "missing string field '" + name + "'");
        }
        return value;
    }

    /** The fields any client frame may carry; others are ignored (forward compatibility). */
    private static final class Fields {
        String type;
        String text;
        String cid;
        String nick;
        String before;
        Integer limit;
    }

    private static Fields readFields(String text) throws ProtocolException {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not a JSON object");
            }
            Fields f = new Fields();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> f.type = string(p, value, name);
                    case "text" -> f.text = string(p, value, name);
                    case "cid" -> f.cid = string(p, value, name);
                    case "nick" -> f.nick = string(p, value, name);
                    case "before" -> f.before = string(p, value, name);
                    case "limit" -> f.limit = integer(p, value, name);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "trailing data after the JSON object");
            }
            return f;
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "malformed JSON");
        }
    }

    private static String string(JsonParser p, JsonToken value, String name) throws IOException, ProtocolException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "field '" + name + "' must be a string");
        }
        String s = p.getText();
        if (!Unicode.isWellFormed(s)) {
            // JSON can escape a lone surrogate, a string no container can send back.
            ErrorCode code = name.equals("nick") ? ErrorCode.BAD_NICK : ErrorCode.BAD_REQUEST;
            throw new ProtocolException(code, "field '" + name + "' is not well-formed Unicode (unpaired surrogate)");
        }
        return s;
    }

    private static Integer integer(JsonParser p, JsonToken value, String name) throws IOException, ProtocolException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "field '" + name + "' must be a whole number");
        }
        return p.getIntValue();
    }
}
