package hubchat.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * Encodes every server-to-client frame of docs/protocol.md. The frame type names and field
 * names live here and in {@link FrameParser}, nowhere else. Every method throws
 * {@link UnencodableFrameException} rather than return a frame that is not well-formed UTF-16.
 */
public final class Frames {
    private static final JsonFactory JSON = new JsonFactory();

    private Frames() {
    }

    /** The first frame; {@code resume} is the secret that lets this client take its seat back later. */
    public static OutboundFrame welcome(String room, String you, Collection<String> members, int memberCount,
                                        Collection<ChatMessage> history, boolean resumed, String resume) {
        return encode(g -> {
            g.writeStringField("type", "welcome");
            g.writeStringField("room", room);
            g.writeStringField("you", you);
            names(g, "members", members);
            g.writeNumberField("memberCount", memberCount);
            messages(g, "history", history);
            g.writeBooleanField("resumed", resumed);
            g.writeStringField("resume", resume);
        });
    }

    /**
     * A {@code message} frame; {@code fromId} only for a sender with an identity (so an anonymous
     * sender's frame is as it always was), {@code cid} only on the sender's copy.
     */
    public static OutboundFrame message(ChatMessage m, String cid) {
        return encode(g -> {
            g.writeStringField("type", "message");
            g.writeStringField("id", m.id());
            g.writeStringField("room", m.room());
            g.writeStringField("from", m.from());
            if (m.fromId() != null) {
                g.writeStringField("fromId", m.fromId());
            }
            g.writeStringField("text", m.text());
            g.writeNumberField("ts", m.ts());
            if (cid != null) {
                g.writeStringField("cid", cid);
            }
        });
    }

    public static OutboundFrame presence(Collection<String> joined, Collection<String> left, int memberCount) {
        return encode(g -> {
            g.writeStringField("type", "presence");
            names(g, "joined", joined);
            names(g, "left", left);
            g.writeNumberField("memberCount", memberCount);
        });
    }

    public static OutboundFrame nick(String from, String to) {
        return encode(g -> {
            g.writeStringField("type", "nick");
            g.writeStringField("from", from);
            g.writeStringField("to", to);
        });
    }

    public static OutboundFrame typing(String nick) {
        return encode(g -> {
            g.writeStringField("type", "typing");
            g.writeStringField("nick", nick);
        });
    }

    public static OutboundFrame history(Collection<ChatMessage> messages) {
        return encode(g -> {
            g.writeStringField("type", "history");
            messages(g, "messages", messages);
        });
    }

    /** The error for a nick that breaks the rules; {@code nick} is the one the client has instead. */
    public static OutboundFrame badNick(String nick) {
        return error(ErrorCode.BAD_NICK, "nick refused (" + Names.NICK_RULE + "); you are " + nick);
    }

    public static OutboundFrame error(ErrorCode code, String message) {
        return error(code, message, null);
    }

    /**
     * An error about one {@code message} frame, carrying its {@code cid} (none if null), so the
     * sender knows which message it is about: the answers to messages stored asynchronously
     * need not come in the order they were sent.
     */
    public static OutboundFrame error(ErrorCode code, String message, String cid) {
        return encode(g -> {
            g.writeStringField("type", "error");
            g.writeStringField("code", code.wire());
            g.writeStringField("message", message);
            if (cid != null) {
                g.writeStringField("cid", cid);
            }
        });
    }

    /**
     * A frame refused for a rate limit: it may be sent again in {@code retryAfterMs}
     * milliseconds; {@code cid} (none if null) names the message refused.
     */
    public static OutboundFrame rateLimited(long retryAfterMs, String cid) {
        return encode(g -> {
            g.writeStringField("type", "error");
            g.writeStringField("code", ErrorCode.RATE_LIMITED.wire());
            g.writeStringField("message", "sent too fast; send it again in " + retryAfterMs + " ms");
            if (cid != null) {
                g.writeStringField("cid", cid);
            }
            g.writeNumberField("retryAfterMs", retryAfterMs);
        });
    }

    /**
     * Refuses a string that could not be a field of any frame, for a caller that must know
     * before it builds the frame (a post is stored before its sender's copy is made).
     *
     * @throws UnencodableFrameException if {@code value} holds an unpaired surrogate
     */
    public static void requireEncodable(String value) {
        if (value != null && !Unicode.isWellFormed(value)) {
            throw new UnencodableFrameException(OutboundFrame.UNENCODABLE);
        }
    }

    /** At most {@link Limits#MAX_LISTED_NAMES} of {@code names}. */
    private static void names(JsonGenerator g, String field, Collection<String> names) throws IOException {
        g.writeArrayFieldStart(field);
        int n = 0;
        for (String name : names) {
            if (n++ == Limits.MAX_LISTED_NAMES) {
                break;
            }
            g.writeString(name);
        }
        g.writeEndArray();
    }

    /** Messages as their already-encoded frames: nothing is encoded twice. */
    private static void messages(JsonGenerator g, String field, Collection<ChatMessage> messages) throws IOException {
        g.writeArrayFieldStart(field);
        for (ChatMessage m : messages) {
            g.writeRawValue(m.frame().json());
        }
        g.writeEndArray();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static OutboundFrame encode(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to a string", e);
        }
        return OutboundFrame.of(out.toString());
    }
}
