package hubchat.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One fuzz input, decoded: the handshake query of one client, then the text frames it sends,
 * each as a step. Frames are built from templates of every client frame (so that inputs reach
 * the room and the engine, not only the parser) or taken raw; strings come from the input as
 * UTF-8 and go into JSON with only quotes and control characters escaped, so a backslash in the
 * input makes whatever escape it spells ({@code \ud800}, a broken one, ...).
 *
 * <p>{@link #read} and {@link #write} are each other's inverse ({@link SeedBytes}): seeds are
 * written as scripts ({@link FuzzSeeds}).
 */
record Script(Query query, List<Step> steps) {
    /** Steps per input, at most. */
    static final int MAX_STEPS = 8;
    /** Bytes of one string from the input, at most. */
    static final int MAX_STRING_BYTES = 600;
    /** Ids of messages seen lately, which a {@link Value.Known} picks from. */
    static final int KNOWN_IDS = 16;
    /** Times a step may repeat an earlier frame, or a long text its unit. */
    static final int MAX_REPEAT = 6;
    static final int MAX_UNITS = 64;
    /** Fragments one frame may be sent in (split at any byte, even inside a character). */
    static final int MAX_PARTS = 4;

    /** What the runner knows when it turns steps into frames. */
    interface Context {
        /** The id of a message seen lately, chosen by {@code k}; "none" if none was seen. */
        String knownId(int k);

        /** A resume secret handed out lately (by a welcome), chosen by {@code k}; "none" if none was. */
        String knownSecret(int k);

        /** The frames this client sent so far, oldest first. */
        List<String> sent();
    }

    static Script read(FuzzInput in) {
        Query query = in.pick(0, 1) == 0
                ? new Query.Params(Value.read(in), Value.read(in), Value.read(in))
                : new Query.Raw(text(in));
        int n = in.pick(0, MAX_STEPS);
        List<Step> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            steps.add(Step.read(in));
        }
        return new Script(query, List.copyOf(steps));
    }

    byte[] write() {
        SeedBytes.Writer out = new SeedBytes.Writer();
        if (query instanceof Query.Params p) {
            out.pick(0, 0, 1);
            p.nick().write(out);
            p.since().write(out);
            p.resume().write(out);
        } else {
            out.pick(1, 0, 1);
            text(out, ((Query.Raw) query).text());
        }
        out.pick(steps.size(), 0, MAX_STEPS);
        steps.forEach(s -> s.write(out));
        return out.bytes();
    }

    static String text(FuzzInput in) {
        return in.text(MAX_STRING_BYTES);
    }

    static void text(SeedBytes.Writer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("a string of " + bytes.length + " bytes");
        }
        out.take(bytes);
        if (bytes.length < MAX_STRING_BYTES) {
            out.take(new byte[] {(byte) FuzzInput.END_OF_STRING});
        }
    }

    /** {@code s} as a JSON string literal, escaping only quotes and control characters. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                b.append("\\\"");
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The handshake query. */
    sealed interface Query {
        /**
         * {@code nick}, {@code since} and {@code resume}, each percent-encoded as UTF-8 (so always
         * decodable) or absent; a {@link Value.Known} resume is a secret some welcome handed out.
         */
        record Params(Value nick, Value since, Value resume) implements Query {
        }

        /** A query as written, kept to what a request target may hold (see {@link Visit#rawQuery}). */
        record Raw(String text) implements Query {
        }
    }

    /** Where a string comes from: absent, the input, or the id of a message seen lately (or a secret). */
    sealed interface Value {
        record Absent() implements Value {
        }

        record Text(String text) implements Value {
        }

        record Known(int k) implements Value {
        }

        static Value read(FuzzInput in) {
            return switch (in.pick(0, 2)) {
                case 0 -> new Absent();
                case 1 -> new Text(text(in));
                default -> new Known(in.pick(0, KNOWN_IDS - 1));
            };
        }

        default void write(SeedBytes.Writer out) {
            if (this instanceof Absent) {
                out.pick(0, 0, 2);
            } else if (this instanceof Text t) {
                out.pick(1, 0, 2);
                text(out, t.text());
            } else {
                out.pick(2, 0, 2).pick(((Known) this).k(), 0, KNOWN_IDS - 1);
            }
        }

        /** The string, or null if absent. */
        default String resolve(Context ctx) {
            if (this instanceof Text t) {
                return t.text();
            }
            return this instanceof Known k ? ctx.knownId(k.k()) : null;
        }

        /** As {@link #resolve}, but a {@link Known} is a resume secret. */
        default String resolveSecret(Context ctx) {
            return this instanceof Known k ? ctx.knownSecret(k.k()) : resolve(ctx);
        }

        /** {@code ,"name":"value"} for a JSON object, or "" if absent. */
        default String field(String name, Context ctx) {
            String s = resolve(ctx);
            return s == null ? "" : ",\"" + name + "\":" + quote(s);
        }
    }
}
