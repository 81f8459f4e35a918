package hubchat.fuzz;

import hubchat.protocol.ErrorCode;
import hubchat.protocol.Limits;
import hubchat.protocol.Names;
import hubchat.protocol.Text;
import hubchat.protocol.Unicode;
import hubchat.testing.JsonFrames;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a server frame must be, per docs/protocol.md: one JSON object of a documented type with
 * its documented fields (more are allowed: the protocol may be extended), every string in it
 * well-formed Unicode, every nick one the nick rules allow, every message text as the rules
 * leave it. Throws {@link AssertionError} naming the frame otherwise.
 */
final class ServerFrames {
    private static final List<String> ERROR_CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList();

    private ServerFrames() {
    }

    /** Checks one frame as it arrived; returns it parsed. */
    static Map<String, Object> check(String json, String room) {
        Map<String, Object> frame;
        try {
            frame = JsonFrames.parse(json);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("not one JSON object: " + json, e);
        }
        try {
            wellFormed(frame);
            String type = string(frame, "type");
            switch (type) {
                case "welcome" -> {
                    equal(room, string(frame, "room"), "room");
                    nick(string(frame, "you"));
                    nicks(frame, "members");
                    count(frame);
                    messages(frame, "history", room);
                    field(frame, "resumed", Boolean.class);
                }
                case "message" -> message(frame, room, true);
                case "presence" -> {
                    nicks(frame, "joined");
                    nicks(frame, "left");
                    count(frame);
                }
                case "nick" -> {
                    nick(string(frame, "from"));
                    nick(string(frame, "to"));
                }
                case "typing" -> nick(string(frame, "nick"));
                case "history" -> messages(frame, "messages", room);
                case "error" -> {
                    String code = string(frame, "code");
                    check(ERROR_CODES.contains(code), "undocumented error code " + code);
                    check(!string(frame, "message").isEmpty(), "empty error message");
                }
                default -> throw new AssertionError("undocumented frame type " + type);
            }
            return frame;
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " in " + json, e);
        }
    }

    private static void message(Map<String, Object> m, String room, boolean cidAllowed) {
        check(!string(m, "id").isEmpty(), "empty id");
        equal(room, string(m, "room"), "room");
        nick(string(m, "from"));
        String text = string(m, "text");
        int length = text.codePointCount(0, text.length());
        check(length >= 1 && length <= Limits.MAX_TEXT_LENGTH, "text of " + length + " characters");
        check(text.equals(text.strip()), "text not trimmed");
        check(Text.clean(text).equals(text) && !Text.isEmpty(text), "text the text rule would not leave: " + text);
        field(m, "ts", Long.class);
        if (m.containsKey("cid")) {
            check(cidAllowed, "a cid where none belongs");
            check(string(m, "cid").length() <= Limits.MAX_CID_LENGTH, "cid too long");
        }
    }

    /** Stored messages: welcome history and history answers, never with a cid. */
    private static void messages(Map<String, Object> frame, String field, String room) {
        for (Object o : field(frame, field, List.class)) {
            check(o instanceof Map, field + " holds a non-object");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            equal("message", string(m, "type"), "stored frame type");
            message(m, room, false);
        }
    }

    private static void nicks(Map<String, Object> frame, String field) {
        List<?> names = field(frame, field, List.class);
        check(names.size() <= Limits.MAX_LISTED_NAMES, field + " lists " + names.size() + " names");
        for (Object n : names) {
            check(n instanceof String, field + " holds a non-string");
            nick((String) n);
        }
    }

    private static void nick(String nick) {
        check(Names.cleanNick(nick).equals(Optional.of(nick)), "nick breaking the nick rules: " + nick);
    }

    private static void count(Map<String, Object> frame) {
        check(field(frame, "memberCount", Long.class) >= 0, "negative memberCount");
    }

    private static String string(Map<String, Object> frame, String field) {
        return field(frame, field, String.class);
    }

    private static <T> T field(Map<String, Object> frame, String field, Class<T> type) {
        Object value = frame.get(field);
        check(type.isInstance(value), "field '" + field + "' is " + value + ", not a " + type.getSimpleName());
        return type.cast(value);
    }

    private static void wellFormed(Object value) {
        if (value instanceof String s) {
            check(Unicode.isWellFormed(s), "a string that is not well-formed Unicode");
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                wellFormed(k);
                wellFormed(v);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(ServerFrames::wellFormed);
        }
    }

    private static void equal(Object expected, Object actual, String what) {
        check(expected.equals(actual), what + " is " + actual + ", not " + expected);
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new AssertionError(problem);
        }
    }
}
