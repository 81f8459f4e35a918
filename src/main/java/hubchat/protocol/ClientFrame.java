package hubchat.protocol;

/** A frame a client sent, parsed and checked by {@link FrameParser}. */
public sealed interface ClientFrame {

    /** {@code {"type":"message","text":T,"cid":C?}}: text trimmed and within limits. */
    record Post(String text, String cid) implements ClientFrame {
    }

    /** {@code {"type":"nick","nick":N}}: nick already cleaned by {@link Names#cleanNick}. */
    record ChangeNick(String nick) implements ClientFrame {
    }

    /** {@code {"type":"typing"}}. */
    record Typing() implements ClientFrame {
    }

    /** {@code {"type":"history","before":ID?,"limit":N?}}; {@code before} null means newest. */
    record HistoryRequest(String before, int limit) implements ClientFrame {
    }
}
