package hubchat.fuzz;

import hubchat.fuzz.Script.Query;
import hubchat.fuzz.Script.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed inputs of {@link FrameFuzzTest}, as readable scripts: valid frames of every type,
 * lone surrogates as JSON escapes in every field, numbers JSON allows and the protocol does
 * not, deep nesting, wrong types, nick and cid edge cases, oversized and fragmented frames, a
 * flood, and handshake queries good and bad. {@link FuzzSeedsTest} checks that the files under
 * {@code src/test/resources/hubchat/fuzz/FrameFuzzTestInputs/} are these (and writes them with
 * {@code -Dfuzz.seeds.write=true}); Jazzer starts from them and runs them in every build.
 *
 * <p>In the strings below {@code \\} is one backslash on the wire: a JSON escape the server
 * must decode, not one Java already decoded.
 */
final class FuzzSeeds {
    private static final Value NONE = new Value.Absent();
    private static final Query NO_QUERY = new Query.Params(NONE, NONE, NONE);

    private FuzzSeeds() {
    }

    static Map<String, Script> all() {
        Map<String, Script> s = new LinkedHashMap<>();
        // Every client frame, valid.
        s.put("every-frame-type", visit(post("hello", "c-1"), rename("bob"), new Step.Typing(1),
                history(NONE, NONE), history(known(0), text("10")), post("after all", null)));
        s.put("resume-and-page-back", visit(new Query.Params(text("ann"), known(3), NONE),
                history(known(1), known(2)), post("back again", "c-2")));
        s.put("resend-same-cid", visit(post("once", "same-cid"), new Step.Again(0, 3, 1), post("other text", "same-cid")));
        // Lone surrogates written as JSON escapes, in every string field; and a proper pair.
        s.put("lone-surrogate-text", visit(post("a\\ud800b", "c-3"), post("fine", "c-4")));
        s.put("lone-low-surrogate-text", visit(post("\\udc00", null)));
        s.put("high-surrogate-last", visit(post("hidden \\ud83d", null)));
        s.put("lone-surrogate-cid", visit(post("text", "\\ud800")));
        s.put("lone-surrogate-nick", visit(rename("ann\\udc00"), post("still ann?", null)));
        s.put("lone-surrogate-before", visit(history(text("\\ud800"), NONE)));
        s.put("lone-surrogate-type", visit(raw("{\"type\":\"mess\\ud800age\",\"text\":\"x\"}")));
        s.put("lone-surrogate-unknown-field", visit(raw("{\"type\":\"message\",\"text\":\"ok\",\"x\":\"\\ud800\"}")));
        s.put("surrogate-pair-escaped", visit(post("\\ud83d\\ude00 grin", "\\ud83d\\ude00"), rename("\\ud83d\\ude00")));
        s.put("escaped-controls", visit(post("nul \\u0000 bell \\u0007 line \\u2028", null), rename("a\\u0000b")));
        // Numbers JSON allows and the protocol does not.
        String[] limits = {"1e400", "99999999999999999999999", "2147483648", "-1", "0", "1", "100", "101", "1.0",
            "\"50\"", "null", "true", "[]", "{}", "-0", "9".repeat(600)};
        for (int i = 0; i < limits.length; i++) {
            s.put("history-limit-" + i, visit(history(NONE, text(limits[i]))));
        }
        // Deep nesting, wrong types, not JSON at all.
        s.put("deep-array-in-unknown-field", visit(raw("{\"type\":\"message\",\"x\":" + "[".repeat(60) + "]".repeat(60)
                + ",\"text\":\"deep\"}")));
        s.put("deep-objects", visit(raw("{\"a\":".repeat(40) + "1" + "}".repeat(40))));
        s.put("unclosed-arrays", visit(raw("[".repeat(500))));
        s.put("wrong-types", visit(raw("{\"type\":\"message\",\"text\":42}"), raw("{\"type\":1}"),
                raw("{\"type\":\"message\",\"text\":[\"a\"]}"), raw("{\"type\":\"message\",\"text\":{\"a\":1}}"),
                raw("{\"type\":null}"), raw("{\"type\":\"nick\",\"nick\":true}"),
                raw("{\"type\":\"history\",\"before\":7}"), raw("{\"type\":\"message\",\"text\":\"x\",\"cid\":5}")));
        s.put("not-objects", visit(raw("\"message\""), raw("null"), raw("[]"), raw(""), raw("   ")));
        s.put("broken-objects", visit(raw("{"), raw("{}"), raw("{\"type\":\"typing\"} trailing"),
                raw("{\"type\":\"typing\",}")));
        s.put("missing-fields", visit(new Step.Post(NONE, NONE, 1), new Step.Rename(NONE, 1),
                raw("{\"type\":\"message\",\"text\":null}")));
        s.put("duplicate-keys", visit(raw("{\"type\":\"typing\",\"type\":\"message\",\"text\":\"dup\"}")));
        s.put("unknown-type-long", visit(raw("{\"type\":\"" + "\uD83D\uDE00".repeat(40) + "\"}")));
        s.put("bad-escapes", visit(post("\\x41 \\u12", null), post("\\", null),
                raw("{\"type\":\"message\",\"text\":\"\\uZZZZ\"}")));
        // Text and cid edge cases.
        s.put("text-blank", visit(post("   ", null), post(" \\t\\n ", null)));
        s.put("text-2000", visit(new Step.LongText(text("x".repeat(50)), 40, 1)));
        s.put("text-2001", visit(post("y", null), new Step.LongText(text("x".repeat(69)), 29, 1)));
        s.put("cid-64-and-65", visit(post("a", "c".repeat(64)), post("b", "c".repeat(65)), post("c", ""),
                post("d", "\uD83D\uDE00".repeat(32)), post("e", "\uD83D\uDE00".repeat(33))));
        // Nick edge cases.
        s.put("nick-watcher", visit(new Query.Params(text("Watcher"), NONE, NONE), rename("WATCHER"), rename("watcher")));
        s.put("nick-suffix-cut", visit(rename("\uD83D\uDE00".repeat(32)), rename("\uD83D\uDE00".repeat(32) + " "),
                post("who am i", null)));
        s.put("nick-rules", visit(rename("   "), rename("a".repeat(33)), rename("\u202Eevil"), rename("zero\u200Bwidth"),
                rename("guest-1234"), rename("ok name")));
        s.put("nick-lookalikes", visit(new Query.Params(text("ann"), NONE, NONE), rename("\uFF21\uFF2E\uFF2E"),
                rename("\u0430nn"), rename("ann\u2800"), rename("ann\u3164"), rename("a\u0301nn"), rename("ann\u00A0lee"),
                rename("\u5C71\u7530taro")));
        s.put("text-cleaning", visit(post("\\u001b[31mred \\u202Eevil\\u202C pay\\u200Bpal\\r\\nnext\\ttab", null),
                post("\\u202E\\u200B\\u0000\\u3164", null),
                post("\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F \uD83D\uDC68\u200D\uD83D\uDC69", null)));
        s.put("nick-same-and-case", visit(new Query.Params(text("ann"), NONE, NONE), rename("ann"), rename("ANN"),
                rename("Ann ")));
        // Frame size and framing.
        s.put("oversized", visit(post("before", null), new Step.LongText(text("x".repeat(100)), 30, 1), post("after", null)));
        s.put("oversized-in-fragments", visit(new Step.LongText(text("\u00e9".repeat(100)), 20, 4)));
        s.put("fragments-split-characters", visit(new Step.Post(text("fr\u00e4gm\u00ebnted \u674e\u96f7 \uD83D\uDE00"),
                text("frag"), 4), new Step.Rename(text("J\u00fcrgen"), 3)));
        s.put("flood", visit(new Step.Typing(1), new Step.Again(0, 6, 1), new Step.Again(0, 6, 1), new Step.Again(0, 6, 1)));
        // Found by a 20-minute run (a connection still counted 10 s after a flood close; it did
        // not show again): malformed history requests, repeated in four fragments each.
        s.put("flood-in-fragments", visit(new Query.Params(text("21447"), known(9), text("8")),
                new Step.History(known(2), text(""), 3), new Step.Again(6, 3, 1), new Step.Again(2, 6, 4),
                new Step.Again(2, 6, 4), new Step.Again(0, 5, 4), new Step.Typing(4)));
        // Seats: a client closed for an oversized frame keeps its seat for a while; later visits
        // resume with secrets handed out lately, re-send a cid, rename into a held nick.
        s.put("resume-after-1009", visit(new Query.Params(text("rex"), NONE, NONE), post("mine", "rex-1"),
                new Step.LongText(text("x".repeat(100)), 30, 1)));
        s.put("resume-known-secrets", visit(new Query.Params(text("other"), known(1), known(15)), post("mine", "rex-1"),
                rename("rex")));
        // Handshake queries.
        s.put("query-non-ascii-nick", visit(new Query.Params(text("J\u00fcrgen \u674e\u96f7 \uD83D\uDE00"),
                text("nonsense"), text("not-a-secret")),
                new Step.Typing(1)));
        s.put("query-invalid-nick", visit(new Query.Params(text("\u202Eevil"), NONE, NONE), post("hi", null)));
        s.put("query-long-nick", visit(new Query.Params(text("n".repeat(40)), NONE, NONE)));
        String[] queries = {"nick=%C3%28", "nick=%ED%A0%80", "since=%C0%AF", "nick=%F4%90%80%80", "since=%FF",
            "nick=a&nick=b", "nick=ann&%6Eick=bob", "nick=%zz", "nick=%", "v=2&nick=a+b&&flag", "nick=%E2%80%AE",
            "since=&nick=", "resume=&resume=", "resume=%C3%28"};
        for (int i = 0; i < queries.length; i++) {
            s.put("query-raw-" + i, new Script(new Query.Raw(queries[i]), List.of(post("raw query " + i, null))));
        }
        return s;
    }

    private static Script visit(Step... steps) {
        return new Script(NO_QUERY, List.of(steps));
    }

    private static Script visit(Query query, Step... steps) {
        return new Script(query, List.of(steps));
    }

    private static Value text(String s) {
        return new Value.Text(s);
    }

    private static Value known(int k) {
        return new Value.Known(k);
    }

    private static Step post(String text, String cid) {
        return new Step.Post(text(text), cid == null ? NONE : text(cid), 1);
    }

    private static Step rename(String nick) {
        return new Step.Rename(text(nick), 1);
    }

    private static Step history(Value before, Value limit) {
        return new Step.History(before, limit, 1);
    }

    private static Step raw(String text) {
        return new Step.Raw(text, 1);
    }
}
