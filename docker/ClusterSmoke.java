/*
 * Smoke test of hubchat scaled out: clients connected through the load balancer land on both
 * nodes and chat as one room, each message reaching every client exactly once and in one order;
 * then one node is killed and the chat goes on through the balancer on the other, its clients
 * reconnecting with `since` and getting exactly what they missed. Used by docker/podman-smoke.sh:
 *
 *   java docker/ClusterSmoke.java BALANCER NODE=URL NODE=URL --kill NODE COMMAND...
 *   e.g. java docker/ClusterSmoke.java http://127.0.0.1:8080 tomcat=http://127.0.0.1:8081 \
 *            payara=http://127.0.0.1:8082 --kill payara docker compose -f docker/compose.yml kill payara
 *
 * Which node a client is on: each node's own /health counts its connections, so every client is
 * opened alone and the node whose count rose is its node. So the nodes must have no other
 * clients meanwhile. Exit 0 when all checks pass, 1 (with the reason) otherwise; waits are bounded.
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class ClusterSmoke {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** After the expected messages, this long without another one: none came twice. */
    private static final long QUIET_MILLIS = 2000;
    private static final List<String> NICKS = List.of("ann", "bob", "cat", "dan");
    private static final int MESSAGES_EACH = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"\\\\]+)\"");

    public static void main(String[] args) {
        try {
            int kill = List.of(args).indexOf("--kill");
            check(args.length >= 3 && kill >= 2 && args.length > kill + 2, "usage: BALANCER NODE=URL... --kill NODE COMMAND...");
            Map<String, String> nodes = new LinkedHashMap<>();
            for (String n : List.of(args).subList(1, kill)) {
                nodes.put(n.substring(0, n.indexOf('=')), n.substring(n.indexOf('=') + 1).replaceAll("/+$", ""));
            }
            check(nodes.size() == 2 && nodes.containsKey(args[kill + 1]), "two nodes, one of them killed: " + nodes.keySet());
            new ClusterSmoke(args[0].replaceAll("/+$", ""), nodes).run(args[kill + 1],
                    List.of(args).subList(kill + 2, args.length));
            System.out.println("OK " + args[0]);
            System.exit(0);
        } catch (AssertionError | Exception e) {
            System.out.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private final String balancer;
    private final Map<String, String> nodes;
    private final String room = "cluster-" + Long.toString(System.nanoTime() & 0xffffff, 36);
    private final Map<Client, String> nodeOf = new LinkedHashMap<>();

    private ClusterSmoke(String balancer, Map<String, String> nodes) {
        this.balancer = balancer;
        this.nodes = nodes;
    }

    private void run(String victimNode, List<String> killCommand) throws Exception {
        for (String node : nodes.keySet()) {
            awaitConnections(node, 0); // nobody else on the nodes, or the placement below would guess
        }
        for (String nick : NICKS) {
            Map<String, Integer> before = counts();
            Client c = Client.open(wsUrl("?nick=" + nick));
            nodeOf.put(c, placed(before));
            System.out.println("  " + nick + " -> balancer -> " + nodeOf.get(c));
        }
        check(nodeOf.values().containsAll(nodes.keySet()), "clients on both nodes: " + nodeOf.values());
        List<Client> all = new ArrayList<>(nodeOf.keySet());

        // Everyone sends; everyone gets every message once, all in the same order.
        List<String> order = chat(all, all);
        System.out.println("  " + order.size() + " messages from 4 clients on 2 nodes: each client got each once, in one order");

        List<Client> victims = all.stream().filter(c -> nodeOf.get(c).equals(victimNode)).toList();
        List<Client> survivors = all.stream().filter(c -> !victims.contains(c)).toList();
        String survivorNode = nodeOf.get(survivors.get(0));
        String lastSeen = order.get(order.size() - 1);
        Process kill = new ProcessBuilder(killCommand).inheritIO().start();
        check(kill.waitFor(60, TimeUnit.SECONDS) && kill.exitValue() == 0, "the kill command " + killCommand);
        for (Client v : victims) {
            check(v.closed.completeOnTimeout(null, 30, TimeUnit.SECONDS).get() != null,
                    v.nick + "'s connection ended with its node");
        }
        check(connections(victimNode) < 0, victimNode + " no longer answers");
        System.out.println("  killed " + victimNode + ": its " + victims.size() + " clients lost their connections");

        // Meanwhile the chat goes on on the other node.
        List<String> missed = chat(survivors.subList(0, 1), survivors);
        // The victims come back through the balancer, which must send them to the survivor.
        List<Client> back = new ArrayList<>();
        for (Client v : victims) {
            Client r = reconnect(v, lastSeen);
            List<String> history = ids(r.welcome.substring(r.welcome.indexOf("\"history\":")));
            check(r.welcome.contains("\"resumed\":true"), r.nick + " resumed with since=" + lastSeen + ": " + r.welcome);
            check(r.nick.equals(v.nick), v.nick + "'s resume secret gave it its nick back on the other node, not " + r.nick);
            check(history.equals(missed), r.nick + "'s welcome has exactly the messages it missed, " + missed
                    + ", not " + history);
            back.add(r);
        }
        check(connections(survivorNode) == survivors.size() + back.size(),
                "every client is now on " + survivorNode + " (" + connections(survivorNode) + " connections)");
        System.out.println("  " + back.size() + " clients reconnected through the balancer to " + survivorNode
                + " with since: no gap, no duplicate (" + missed.size() + " missed messages)");
        // A message sent again with its cid, now to the other node, is not stored again: its
        // sender gets the original back, nobody else anything.
        Client again = back.get(0);
        again.send(again.lastText, again.lastCid);
        String original = again.await("\"cid\":\"" + again.lastCid + "\"", TIMEOUT.toMillis());
        check(original != null && ids(original).equals(List.of(again.acked.get(again.lastCid))),
                again.nick + " re-sent " + again.lastCid + " and got the original " + again.acked.get(again.lastCid) + ": " + original);
        for (Client c : survivors) {
            check(c.await("\"type\":\"message\"", QUIET_MILLIS) == null, c.nick + " got the re-sent message again");
        }
        System.out.println("  " + again.nick + " re-sent its last message (same cid) to " + survivorNode + ": stored once");
        List<Client> everyone = new ArrayList<>(survivors);
        everyone.addAll(back);
        chat(back, everyone);
        for (Client c : survivors) {
            check(!c.closed.isDone(), c.nick + ", on " + survivorNode + ", kept its connection: " + c.closed.getNow(null));
        }
        String executor = "\"executor\":\"" + field(get(nodes.get(survivorNode) + "/health"), "executor") + "\"";
        for (int i = 0; i < 3; i++) {
            check(get(balancer + "/health").contains(executor), "the balancer's /health comes from " + survivorNode);
        }
        System.out.println("  the chat goes on through the balancer on " + survivorNode + " alone");
        everyone.forEach(Client::close);
    }

    /**
     * Each sender posts {@link #MESSAGES_EACH} messages; every reader must get each exactly once,
     * all readers in the same order, senders their own with its cid. Returns the ids in order.
     */
    private static List<String> chat(List<Client> senders, List<Client> readers) throws Exception {
        for (int i = 0; i < MESSAGES_EACH; i++) {
            for (Client s : senders) {
                s.send("from " + s.nick + " #" + i, s.nick + "-" + s.sent++);
            }
        }
        int expected = senders.size() * MESSAGES_EACH;
        List<String> order = null;
        for (Client r : readers) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < expected; i++) {
                String m = r.await("\"type\":\"message\"", TIMEOUT.toMillis());
                check(m != null, r.nick + " got " + i + " of " + expected + " messages; the senders' other frames: "
                        + senders.stream().map(x -> x.nick + " " + x.others).toList());
                check(m.contains("\"cid\":") == m.contains("\"from\":\"" + r.nick + "\""),
                        r.nick + ": its own messages carry their cid, the others' none: " + m);
                got.addAll(ids(m));
                if (m.contains("\"cid\":")) {
                    r.acked.put(field(m, "cid"), ids(m).get(0));
                }
            }
            check(got.stream().distinct().count() == expected, r.nick + " got each message once: " + got);
            check(order == null || order.equals(got), r.nick + " saw " + got + ", another client " + order);
            order = got;
        }
        for (Client r : readers) {
            String extra = r.await("\"type\":\"message\"", QUIET_MILLIS);
            check(extra == null, r.nick + " got a message more than expected: " + extra);
        }
        return order;
    }

    /** {@code old}'s nick back, through the balancer, with since and its resume secret; retried while the balancer learns. */
    private Client reconnect(Client old, String since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Client c = Client.open(wsUrl("?nick=" + old.nick + "&since=" + since + "&resume=" + old.secret()));
                c.carryOn(old);
                System.out.println("  " + old.nick + " -> balancer -> back as " + c.nick);
                return c;
            } catch (Exception e) {
                check(System.nanoTime() < deadline, old.nick + " could not reconnect through the balancer: " + e);
                System.out.println("  (" + old.nick + ": reconnect failed, again in 1 s: " + e + ")");
                Thread.sleep(1000);
            }
        }
    }

    private String wsUrl(String query) {
        return balancer.replaceFirst("^http", "ws") + "/ws/" + room + query;
    }

    /** The node whose connection count rose by one since {@code before} (the other's unchanged). */
    private String placed(Map<String, Integer> before) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, Integer> now;
        do {
            now = counts();
            for (String node : nodes.keySet()) {
                String other = nodes.keySet().stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
                if (now.get(node) == before.get(node) + 1 && now.get(other).equals(before.get(other))) {
                    return node;
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no node counts the new connection: before " + before + ", now " + now);
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        nodes.keySet().forEach(n -> counts.put(n, connections(n)));
        return counts;
    }

    private void awaitConnections(String node, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (connections(node) != n) {
            check(System.nanoTime() < deadline, node + " should have " + n + " connections, has " + connections(node));
            Thread.sleep(200);
        }
    }

    /** The node's own count of its connections, or -1 when it does not answer. */
    private int connections(String node) {
        try {
            Matcher m = Pattern.compile("\"connections\":(\\d+)").matcher(get(nodes.get(node) + "/health"));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (Exception | AssertionError e) { // refused, timed out, or not 200 (a node starting or gone)
            return -1;
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        check(r.statusCode() == 200, "GET " + url + ": " + r.statusCode());
        return r.body();
    }

    private static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The string field {@code name} of a JSON object (its first occurrence); fails when missing. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"\\\\]*)\"").matcher(json);
        check(m.find(), "no \"" + name + "\" in " + json);
        return m.group(1);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** A WebSocket client that queues every text frame it receives and notes when it ends. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        /** Every frame but messages and presence, for the reason of a failure (errors, say). */
        final List<String> others = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        String nick;
        String welcome;
        /** Messages sent so far (for fresh cids), the last one's text and cid, and cid -> id of each acknowledged. */
        int sent;
        String lastText;
        String lastCid;
        final Map<String, String> acked = new java.util.concurrent.ConcurrentHashMap<>();

        /** Connected and welcomed, or an exception. */
        static Client open(String uri) throws Exception {
            Client c = new Client();
            c.socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(uri), c).get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            c.welcome = c.await("\"type\":\"welcome\"", TIMEOUT.toMillis());
            check(c.welcome != null, "no welcome from " + uri);
            c.nick = field(c.welcome, "you");
            return c;
        }

        String secret() {
            return field(welcome, "resume");
        }

        /** The same client after a reconnect: its cids go on where they were. */
        void carryOn(Client old) {
            sent = old.sent;
            lastText = old.lastText;
            lastCid = old.lastCid;
            acked.putAll(old.acked);
        }

        void send(String text, String cid) throws Exception {
            lastText = text;
            lastCid = cid;
            socket.sendText("{\"type\":\"message\",\"text\":\"" + text + "\",\"cid\":\"" + cid + "\"}", true)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        /** The next frame containing {@code marker}, skipping others; null after {@code millis}. */
        String await(String marker, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (String f; (f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
                if (f.contains(marker)) {
                    return f;
                }
            }
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            socket.abort();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                frames.add(frame);
                if (!frame.contains("\"type\":\"message\"") && !frame.contains("\"type\":\"presence\"")
                        && !frame.contains("\"type\":\"welcome\"")) {
                    others.add(frame);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }
    }
}
