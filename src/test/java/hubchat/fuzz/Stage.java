package hubchat.fuzz;

import hubchat.endpoint.TyrusChatServer;
import hubchat.hub.ChatHub;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every fuzz input meets: the real endpoint and hub on Tyrus (with Weld), one room with a
 * member who stays throughout (the watcher, a real WebSocket client that gets everything the
 * room broadcasts and keeps the member list its frames tell), the message ids and resume
 * secrets seen lately, and {@link Trouble} watching the server's logs and threads. Checks what
 * must hold between inputs: the watcher got well-formed frames and a true member list and is
 * still connected; no connection, member or room is left behind; no trouble.
 */
final class Stage implements AutoCloseable {
    /** The one room every client joins. */
    static final String ROOM = "fuzz";
    /** The watcher's nick. */
    static final String WATCHER = "watcher";
    /** Longest wait for anything that must happen. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Probes of the room before a member still counted there is taken as left behind. */
    private static final int PROBES = 20;
    private static final long PROBE_PAUSE_MILLIS = 50;
    /** How the hub's own executor names the threads that close sockets. */
    private static final String CLOSER_THREADS = "hubchat-close-";

    private final TyrusChatServer server;
    private final JdkChatClient watcher;
    private final Trouble trouble;
    private final Deque<String> knownIds = new ArrayDeque<>();
    private final Deque<String> knownSecrets = new ArrayDeque<>();
    /** The room's members as the watcher's frames tell them (see {@link #follow}). */
    private final Set<String> members = new HashSet<>();

    private Stage(TyrusChatServer server, JdkChatClient watcher, Trouble trouble) {
        this.server = server;
        this.watcher = watcher;
        this.trouble = trouble;
    }

    static Stage open(TyrusChatServer server) throws Exception {
        Trouble trouble = Trouble.watch();
        JdkChatClient watcher = server.connect(ROOM, "nick=" + WATCHER);
        Map<String, Object> welcome = ServerFrames.check(watcher.next(WAIT), ROOM);
        if (!"welcome".equals(JsonFrames.type(welcome)) || !WATCHER.equals(welcome.get("you"))) {
            throw new IllegalStateException("the watcher was not welcomed as " + WATCHER + ": " + welcome);
        }
        Stage stage = new Stage(server, watcher, trouble);
        stage.follow(welcome);
        return stage;
    }

    int port() {
        return server.port();
    }

    ChatHub hub() {
        return server.hub();
    }

    /** The id of a message seen lately, picked by {@code k}; "none" before any was seen. */
    String knownId(int k) {
        List<String> ids = new ArrayList<>(knownIds);
        return ids.isEmpty() ? "none" : ids.get(k % ids.size());
    }

    /** A resume secret handed out lately, picked by {@code k}; "none" before any was. */
    String knownSecret(int k) {
        List<String> secrets = new ArrayList<>(knownSecrets);
        return secrets.isEmpty() ? "none" : secrets.get(k % secrets.size());
    }

    /**
     * Keeps the ids of the messages a (checked) frame carries, and the resume secret of a
     * welcome, the last {@link Script#KNOWN_IDS} of each.
     */
    void remember(Map<String, Object> frame) {
        String type = JsonFrames.type(frame);
        if ("message".equals(type)) {
            remember(knownIds, (String) frame.get("id"));
        } else if ("welcome".equals(type) || "history".equals(type)) {
            for (Object m : JsonFrames.list(frame, "welcome".equals(type) ? "history" : "messages")) {
                remember(knownIds, (String) ((Map<?, ?>) m).get("id"));
            }
        }
        if ("welcome".equals(type) && frame.get("resume") instanceof String secret) {
            remember(knownSecrets, secret);
        }
    }

    /**
     * The watcher got every frame up to the message {@code id} (or, if null, whatever has come),
     * each of them well-formed, and is still connected.
     */
    void watcherGot(String id) throws InterruptedException {
        String json;
        while ((json = id == null ? watcher.poll(Duration.ZERO) : watcher.next(WAIT)) != null) {
            Map<String, Object> frame = ServerFrames.check(json, ROOM);
            remember(frame);
            follow(frame);
            if (id != null && "message".equals(JsonFrames.type(frame)) && id.equals(frame.get("id"))) {
                break;
            }
        }
        check(watcher.closeCode() == null, "the watcher was closed: " + watcher.closeCode() + " " + watcher.closeReason());
    }

    /**
     * Waits until only the watcher is connected. If that does not happen, says what the
     * server's threads that close sockets are doing, and what trouble came meanwhile.
     */
    void awaitOnlyTheWatcher() throws InterruptedException {
        long giveUp = System.nanoTime() + WAIT.toNanos();
        while (hub().connectionCount() != 1) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("connections left behind: " + hub().connectionCount() + "\n"
                        + String.join("\n", trouble.take()) + closerThreads());
            }
            Thread.sleep(1);
        }
    }

    /**
     * A new client is welcomed into a room of the watcher and itself: no member is left behind
     * (the hub's leave reaches the room a moment after the connection count drops, so a few
     * probes are allowed), and the room is still the only one.
     */
    void assertNothingLeftBehind() throws Exception {
        for (int probe = 1; ; probe++) {
            long members;
            try (JdkChatClient p = server.connect(ROOM, null)) {
                Map<String, Object> welcome = ServerFrames.check(p.next(WAIT), ROOM);
                check("welcome".equals(JsonFrames.type(welcome)), "the first frame is not the welcome: " + welcome);
                members = (Long) welcome.get("memberCount");
                if (members == 2) {
                    Set<Object> names = Set.copyOf(JsonFrames.list(welcome, "members"));
                    check(names.equals(Set.of(WATCHER, welcome.get("you"))), "members: " + names);
                }
            }
            awaitOnlyTheWatcher();
            if (members == 2) {
                break;
            }
            check(probe < PROBES, "a member left behind in the room: its welcome counts " + members);
            Thread.sleep(PROBE_PAUSE_MILLIS);
        }
        check(hub().roomCount() == 1, "rooms: " + hub().roomCount());
    }

    /** Nothing logged at WARNING or above, no exception escaped a thread. */
    void assertNoTrouble() {
        List<String> found = trouble.take();
        check(found.isEmpty(), String.join("\n", found));
    }

    @Override
    public void close() {
        watcher.close();
        trouble.close();
    }

    /** The stacks of the hub's closer threads, which close sockets and may wait on a peer. */
    private static String closerThreads() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith(CLOSER_THREADS)) {
                b.append("\n").append(thread.getName()).append(' ').append(thread.getState());
                for (StackTraceElement at : stack) {
                    b.append("\n\tat ").append(at);
                }
            }
        });
        return b.toString();
    }

    private static void remember(Deque<String> known, String value) {
        known.addLast(value);
        if (known.size() > Script.KNOWN_IDS) {
            known.removeFirst();
        }
    }

    /**
     * Presence never contradicts itself (docs/protocol.md): the welcome's members, then every
     * presence and nick frame applied in order, give the true member list, so after each
     * presence frame as many names as its exact {@code memberCount}, the watcher among them,
     * and a rename always renames someone on the list. (The room is far below the 200 names
     * a list may hold.)
     */
    private void follow(Map<String, Object> frame) {
        String type = JsonFrames.type(frame);
        if ("welcome".equals(type) || "presence".equals(type)) {
            if ("welcome".equals(type)) {
                members.clear();
                JsonFrames.list(frame, "members").forEach(n -> members.add((String) n));
            } else {
                JsonFrames.list(frame, "joined").forEach(n -> members.add((String) n));
                JsonFrames.list(frame, "left").forEach(members::remove);
            }
            check(members.size() == (Long) frame.get("memberCount") && members.contains(WATCHER),
                    "presence contradicts itself: the watcher's list is " + members + " after " + frame);
        } else if ("nick".equals(type)) {
            check(members.remove((String) frame.get("from")), "a rename of someone not on the watcher's list "
                    + members + ": " + frame);
            members.add((String) frame.get("to"));
        }
    }

    static void check(boolean ok, String problem) {
        if (!ok) {
            throw new AssertionError(problem);
        }
    }
}
