package hubchat.fuzz;

import static hubchat.fuzz.Stage.WAIT;
import static hubchat.fuzz.Stage.check;
import static hubchat.testing.CloseAssertions.isFor;

import hubchat.protocol.BadQueryException;
import hubchat.protocol.Disconnect;
import hubchat.protocol.HandshakeQuery;
import hubchat.protocol.OutboundFrame;
import hubchat.testing.JsonFrames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One fuzz input played against the {@link Stage}: a client joins with the script's query,
 * sends its frames, then a sentinel message, whose echo says the room has handled everything
 * before it; then it leaves. Checked on the way: every frame it gets is a documented frame that
 * was written whole ({@link ServerFrames}); it stays connected unless a close is one the input
 * asked for (below); the watcher gets everything written and stays connected; and once the
 * client is gone, nothing of it is left ({@link Stage#assertNothingLeftBehind}) and the server
 * logged no trouble.
 *
 * <p>The closes an input may cause, each only when the input did what it is for:
 * <ul>
 * <li>1008 {@code bad_query} with a detail and nothing before it, for a query that does not
 * decode ({@link HandshakeQuery} is the judge of that: its rules are tested on their own);</li>
 * <li>1009 {@code too_big} once a frame over the frame limit was sent;</li>
 * <li>1008 {@code flood} once more frames were put on the wire (fragments count one each) than may
 * wait to be handled;</li>
 * <li>1008 {@code bad_frames} once more frames were sent than may be refused within 10 seconds
 * (rate limits are off here, so only frames answered with an error count).</li>
 * </ul>
 * Nothing else: not 1013, which needs a client that does not read, nor 1001 (write failed).
 */
final class Visit implements Script.Context {
    /** Characters kept in a raw query: those RFC 3986 allows there, so the request target is a URI. */
    private static final String QUERY_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%";
    private static final String HEX = "0123456789ABCDEFabcdef";

    private final Script script;
    private final Stage stage;
    private final List<String> sent = new ArrayList<>();
    /** WebSocket frames put on the wire: each fragment counts toward the flood limit. */
    private int wireFrames;
    private boolean oversized;
    /** The client's nick as its frames tell it: the welcome's {@code you}, then each rename. */
    private String nick;

    Visit(Script script, Stage stage) {
        this.script = script;
        this.stage = stage;
    }

    @Override
    public String knownId(int k) {
        return stage.knownId(k);
    }

    @Override
    public String knownSecret(int k) {
        return stage.knownSecret(k);
    }

    @Override
    public List<String> sent() {
        return sent;
    }

    void play() throws Exception {
        String query = query();
        String sentinelId;
        try (FuzzClient client = FuzzClient.connect(stage.port(), "/ws/" + Stage.ROOM + (query == null ? "" : "?" + query))) {
            sentinelId = decodes(query) ? chat(client) : refused(client);
        }
        stage.awaitOnlyTheWatcher();
        stage.watcherGot(sentinelId);
        stage.assertNothingLeftBehind();
        stage.assertNoTrouble();
    }

    /** Joins, sends, leaves; returns the id of the sentinel message, or null if the client was closed before it. */
    private String chat(FuzzClient client) throws InterruptedException {
        Map<String, Object> welcome = next(client);
        check(welcome != null, "closed before the welcome: " + client.closeCode() + " " + client.closeReason());
        check("welcome".equals(JsonFrames.type(welcome)), "the first frame is not the welcome: " + welcome);
        boolean open = true;
        for (Step step : script.steps()) {
            for (String frame : step.frames(this)) {
                open = open && send(client, frame, step.parts());
            }
        }
        String cid = "sentinel-" + UUID.randomUUID();
        if (open) {
            send(client, "{\"type\":\"message\",\"text\":\"sentinel\",\"cid\":\"" + cid + "\"}", 1);
        }
        String sentinelId = null;
        for (Map<String, Object> f = next(client); f != null; f = next(client)) {
            if ("message".equals(JsonFrames.type(f)) && cid.equals(f.get("cid"))) {
                check(nick.equals(f.get("from")), "the sentinel came from " + f.get("from") + ", not " + nick);
                sentinelId = (String) f.get("id");
                client.sendClose();
            }
        }
        int code = client.closeCode();
        if (sentinelId == null || code != 1000) {
            legitimate(code, client.closeReason());
        }
        return sentinelId;
    }

    /** Sends one frame; false once the connection is gone. */
    private boolean send(FuzzClient client, String frame, int parts) {
        sent.add(frame);
        oversized |= OutboundFrame.utf8Length(frame) > stage.hub().settings().maxFrameBytes();
        int n = client.send(frame, parts);
        wireFrames += n;
        return n > 0;
    }

    /** A query that does not decode: closed for a bad query, saying what is wrong, and nothing else. */
    private String refused(FuzzClient client) throws InterruptedException {
        Map<String, Object> frame = next(client);
        check(frame == null, "a frame for a query that does not decode: " + frame);
        check(isFor(Disconnect.BAD_QUERY, client.closeCode(), client.closeReason())
                && client.closeReason().startsWith(Disconnect.BAD_QUERY.token() + ": "),
                "a query that does not decode closed with " + client.closeCode() + " " + client.closeReason());
        return null;
    }

    /** The next frame, checked, or null once closed. */
    private Map<String, Object> next(FuzzClient client) throws InterruptedException {
        String json = client.next(WAIT);
        if (json == null) {
            return null;
        }
        Map<String, Object> frame = ServerFrames.check(json, Stage.ROOM);
        stage.remember(frame);
        String type = JsonFrames.type(frame);
        if ("welcome".equals(type)) {
            nick = (String) frame.get("you");
        } else if ("nick".equals(type) && frame.get("from").equals(nick)) {
            nick = (String) frame.get("to");
        }
        return frame;
    }

    private void legitimate(int code, String reason) {
        String close = "closed with " + code + " " + reason + " after " + sent.size() + " frames (" + wireFrames
                + " on the wire)";
        if (isFor(Disconnect.TOO_BIG, code, reason)) {
            check(oversized, close + ", none over the frame limit");
        } else if (isFor(Disconnect.FLOOD, code, reason)) {
            check(wireFrames > stage.hub().settings().maxPendingFrames(), close + ": no flood");
        } else if (isFor(Disconnect.BAD_FRAMES, code, reason)) {
            check(sent.size() > stage.hub().settings().maxRefusedFrames(), close + ": not that many refused");
        } else {
            throw new AssertionError(close);
        }
    }

    /** The raw query to connect with, or null for none. */
    private String query() {
        if (script.query() instanceof Script.Query.Raw raw) {
            return rawQuery(raw.text());
        }
        Script.Query.Params p = (Script.Query.Params) script.query();
        List<String> params = new ArrayList<>();
        String nick = p.nick().resolve(this);
        String since = p.since().resolve(this);
        if (nick != null) {
            params.add("nick=" + URLEncoder.encode(nick, StandardCharsets.UTF_8));
        }
        if (since != null) {
            params.add("since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        }
        String resume = p.resume().resolveSecret(this);
        if (resume != null) {
            params.add("resume=" + URLEncoder.encode(resume, StandardCharsets.UTF_8));
        }
        return params.isEmpty() ? null : String.join("&", params);
    }

    /**
     * {@code text} kept to the characters a URI query may hold, with a {@code %} that does not
     * start an escape written as {@code %25}: a request target that is not a URI never reaches
     * the endpoint on Tyrus (it drops the connection; HandshakeQueryEndpointTest pins that).
     */
    static String rawQuery(String text) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = i + 2 < text.length() && HEX.indexOf(text.charAt(i + 1)) >= 0
                    && HEX.indexOf(text.charAt(i + 2)) >= 0;
            if (c == '%' && !escape) {
                q.append("%25");
            } else if (QUERY_CHARS.indexOf(c) >= 0) {
                q.append(c);
            }
        }
        return q.toString();
    }

    private static boolean decodes(String query) {
        try {
            HandshakeQuery.parse(query);
            return true;
        } catch (BadQueryException e) {
            return false;
        }
    }
}
