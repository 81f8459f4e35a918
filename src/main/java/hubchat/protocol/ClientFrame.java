package hubchat.protocol;

/**
 * A frame a client sent, parsed and checked by {@link FrameParser}. Whoever acts on frames
 * implements {@link Handler}, which has a method for every type: a new type that is not handled
 * does not compile.
 */
public sealed interface ClientFrame {

    /** Calls the method of {@code handler} for this frame's type. */
    <S> void dispatch(Handler<S> handler, S sender);

    /** What to do with each type of client frame, from a sender of type {@code S}. */
    interface Handler<S> {
        void post(S sender, Post post);

        void changeNick(S sender, ChangeNick change);

        void typing(S sender, Typing typing);

        void history(S sender, HistoryRequest request);
    }

    /** {@code {"type":"message","text":T,"cid":C?}}: text cleaned by {@link Text#clean}, not empty, within limits. */
    record Post(String text, String cid) implements ClientFrame {
        @Override
        public <S> void dispatch(Handler<S> handler, S sender) {
            handler.post(sender, this);
        }
    }

    /** {@code {"type":"nick","nick":N}}: nick already cleaned by {@link Names#cleanNick}. */
    record ChangeNick(String nick) implements ClientFrame {
        @Override
        public <S> void dispatch(Handler<S> handler, S sender) {
            handler.changeNick(sender, this);
        }
    }

    /** {@code {"type":"typing"}}. */
    record Typing() implements ClientFrame {
        @Override
        public <S> void dispatch(Handler<S> handler, S sender) {
            handler.typing(sender, this);
        }
    }

    /** {@code {"type":"history","before":ID?,"limit":N?}}; {@code before} null means newest. */
    record HistoryRequest(String before, int limit) implements ClientFrame {
        @Override
        public <S> void dispatch(Handler<S> handler, S sender) {
            handler.history(sender, this);
        }
    }
}
