package hubchat.fuzz;

import hubchat.fuzz.Script.Context;
import hubchat.fuzz.Script.Value;
import java.util.Collections;
import java.util.List;

/**
 * One step of a {@link Script}: the frames it sends (usually one) and how many fragments each
 * is sent in. The templates cover every client frame of docs/protocol.md with fields from the
 * input; {@link Raw} sends the input as it is.
 */
sealed interface Step {

    /** Fragments each frame is sent in. */
    int parts();

    /** The frames to send, given what the client saw and sent so far. */
    List<String> frames(Context ctx);

    /** Writes what {@link #read} reads after the kind and the parts. */
    void writeFields(SeedBytes.Writer out);

    /** Any text, JSON or not. */
    record Raw(String text, int parts) implements Step {
        @Override
        public List<String> frames(Context ctx) {
            return List.of(text);
        }

        @Override
        public void writeFields(SeedBytes.Writer out) {
            Script.text(out, text);
        }
    }

    /** {@code message}, with or without {@code text} and {@code cid}. */
    record Post(Value text, Value cid, int parts) implements Step {
        @Override
        public List<String> frames(Context ctx) {
            return List.of("{\"type\":\"message\"" + text.field("text", ctx) + cid.field("cid", ctx) + "}");
        }

        @Override
        public void writeFields(SeedBytes.Writer out) {
            text.write(out);
            cid.write(out);
        }
    }

    /** {@code nick}, with or without {@code nick}. */
    record Rename(Value nick, int parts) implements Step {
        @Override
        public List<String> frames(Context ctx) {
            return List.of("{\"type\":\"nick\"" + nick.field("nick", ctx) + "}");
        }

        @Override
        public void writeFields(SeedBytes.Writer out) {
            nick.write(out);
        }
    }

    record Typing(int parts) implements Step {
        @Override
        public List<String> frames(Context ctx) {
            return List.of("{\"type\":\"typing\"}");
        }

        @Override
        public void writeFields(SeedBytes.Writer out) {
        }
    }

    /**
     * {@code history}; {@code limit} is written as it comes, unquoted (any JSON, or not JSON), or
     * for a {@link Value.Known} its index times 7 (0 to 105, around the page limits).
     */
    record History(Value before, Value limit, int parts) implements Step {
        @Override
        public List<String> frames(Context ctx) {
            String limitField = limit instanceof Value.Text t ? ",\"limit\":" + t.text()
                    : limit instanceof Value.Known k ? ",\"limit\":" + k.k() * 7 : "";
            return List.of("{\"type\":\"history\"" + before.field("before", ctx) + limitField + "}");
        }

        @Override
        public void writeFields(SeedBytes.Writer out) {
            before.write(out);
            limit.write(out);
        }
    }

    /** The frame sent {@code back + 1} frames ago (counted modulo what was sent), {@code times} times. */
    record Again(int back, int times, int parts) implements Step {
        @Override
        public List<String> frames(Context ctx) {
            List<String> sent = ctx.sent();
            return sent.isEmpty() ? List.of() : Collections.nCopies(times, sent.get(sent.size() - 1 - back % sent.size()));
        }

        @Override
        public void writeFields(SeedBytes.Writer out) {
            out.pick(back, 0, Script.MAX_STEPS).pick(times, 1, Script.MAX_REPEAT);
        }
    }

    /** A message whose text is {@code unit} ("x" if absent) {@code units} times: up to far over the frame limit. */
    record LongText(Value unit, int units, int parts) implements Step {
        @Override
        public List<String> frames(Context ctx) {
            String u = unit.resolve(ctx);
            return List.of("{\"type\":\"message\",\"text\":" + Script.quote((u == null ? "x" : u).repeat(units)) + "}");
        }

        @Override
        public void writeFields(SeedBytes.Writer out) {
            unit.write(out);
            out.pick(units, 1, Script.MAX_UNITS);
        }
    }

    /** The kinds in the order {@link #read} numbers them. */
    List<Class<? extends Step>> KINDS = List.of(Raw.class, Post.class, Rename.class, Typing.class, History.class,
            Again.class, LongText.class);

    static Step read(FuzzInput in) {
        int kind = in.pick(0, KINDS.size() - 1);
        int parts = in.pick(1, Script.MAX_PARTS);
        return switch (kind) {
            case 0 -> new Raw(Script.text(in), parts);
            case 1 -> new Post(Value.read(in), Value.read(in), parts);
            case 2 -> new Rename(Value.read(in), parts);
            case 3 -> new Typing(parts);
            case 4 -> new History(Value.read(in), Value.read(in), parts);
            case 5 -> new Again(in.pick(0, Script.MAX_STEPS), in.pick(1, Script.MAX_REPEAT), parts);
            default -> new LongText(Value.read(in), in.pick(1, Script.MAX_UNITS), parts);
        };
    }

    default void write(SeedBytes.Writer out) {
        out.pick(KINDS.indexOf(getClass()), 0, KINDS.size() - 1).pick(parts(), 1, Script.MAX_PARTS);
        writeFields(out);
    }
}
