package hubchat.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import hubchat.engine.Stored;
import hubchat.protocol.ChatMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * What a room's stream entry holds of a message beyond its place (epoch, seq, timestamp): the
 * sender's nick, its user id (null for an anonymous sender), the text, the origin (opaque: the
 * node and seat that sent it) and the cid (may be null), as a small JSON object
 * {@code {"s":…,"u":…,"x":…,"o":…,"c":…}}, without {@code "u"} and {@code "c"} when they are null
 * (an anonymous sender's entry is as it was before user ids). Reading accepts the fields in any
 * order, ignores fields it does not know, and takes a missing one of those two as null, so
 * entries written by a later or an earlier version still read.
 */
record MessageFields(String sender, String senderId, String text, String origin, String cid) {
    private static final JsonFactory JSON = new JsonFactory();

    /** The JSON text stored in the stream. */
    String json() {
        StringWriter out = new StringWriter(text.length() + 64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("s", sender);
            if (senderId != null) {
                g.writeStringField("u", senderId);
            }
            g.writeStringField("x", text);
            g.writeStringField("o", origin);
            if (cid != null) {
                g.writeStringField("c", cid);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** The fields of {@code json}; throws {@link IllegalArgumentException} if it is not such an object. */
    static MessageFields parse(String json) {
        String sender = null;
        String senderId = null;
        String text = null;
        String origin = null;
        String cid = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("message fields are not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    p.skipChildren(); // a later version's field of another kind
                    continue;
                }
                switch (name) {
                    case "s" -> sender = p.getText();
                    case "u" -> senderId = p.getText();
                    case "x" -> text = p.getText();
                    case "o" -> origin = p.getText();
                    case "c" -> cid = p.getText();
                    default -> { } // a later version's field
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("message fields are not valid JSON", e);
        }
        if (sender == null || text == null) {
            throw new IllegalArgumentException("message fields without sender or text");
        }
        return new MessageFields(sender, senderId, text, origin, cid);
    }

    /**
     * The stored message of {@code entry} in {@code room}; throws {@link IllegalArgumentException}
     * if its fields do not read, or {@link hubchat.protocol.UnencodableFrameException} if its
     * frame cannot be made (neither happens to an entry this engine stored).
     */
    static Stored stored(String room, StreamEntry entry) {
        MessageFields f = parse(entry.fields());
        ChatMessage m = new ChatMessage(entry.id(), room, f.sender(), f.senderId(), f.text(), entry.timestamp());
        return new Stored(m, entry.epoch(), entry.seq(), f.origin(), f.cid());
    }
}
