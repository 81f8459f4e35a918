package hubchat.cluster;

import hubchat.config.Setting;
import hubchat.testing.ChatNode;
import hubchat.testing.RedisServer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a real {@code redis-server} and several {@link ChatNode}s sharing it (each
 * given {@code chat.redis.url}), started before a test class and stopped after it. Owning both
 * fixes the order: Redis first, nodes last; nodes stopped first. Nodes start side by side.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ChatCluster CLUSTER = ChatCluster.of(3, RedisServer.Options.DEFAULT);
 * </pre>
 *
 * Every node runs with a 50 ms presence window (presence frames come quickly) and the settings
 * the test gave {@link #of(int, RedisServer.Options, Map)}; tests may start more nodes of the
 * same cluster with {@link #startNode}, which the cluster then stops too.
 */
final class ChatCluster implements BeforeAllCallback, AfterAllCallback {

    private static final long PRESENCE_WINDOW_MS = 50;

    private final int size;
    private final RedisServer redis;
    private final Map<Setting, ?> extra;
    private final List<ChatNode> nodes = new ArrayList<>();
    private final AtomicInteger rooms = new AtomicInteger();

    private ChatCluster(int size, RedisServer redis, Map<Setting, ?> extra) {
        this.size = size;
        this.redis = redis;
        this.extra = Map.copyOf(extra);
    }

    /** {@code size} nodes (named a, b, c, ...) on one Redis run with {@code options}. */
    static ChatCluster of(int size, RedisServer.Options options) {
        return of(size, options, Map.of());
    }

    /** {@link #of(int, RedisServer.Options)}, every node with {@code settings} besides. */
    static ChatCluster of(int size, RedisServer.Options options, Map<Setting, ?> settings) {
        return new ChatCluster(size, new RedisServer(options), settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis.start();
        ExecutorService starters = Executors.newFixedThreadPool(size);
        try {
            List<CompletableFuture<ChatNode>> started = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String name = String.valueOf((char) ('a' + i));
                started.add(CompletableFuture.supplyAsync(() -> ChatNode.start(name, settings()), starters));
            }
            RuntimeException failed = null;
            for (CompletableFuture<ChatNode> node : started) {
                try {
                    nodes.add(node.join()); // every one that started is stopped in afterAll
                } catch (CompletionException e) {
                    failed = failed != null ? failed
                            : e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            starters.shutdown();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        AssertionError unclean = null;
        try {
            for (ChatNode node : nodes) {
                try {
                    node.close();
                } catch (AssertionError e) {
                    unclean = unclean == null ? e : unclean;
                }
            }
        } finally {
            redis.close();
        }
        if (unclean != null) {
            throw unclean; // a node that does not shut down cleanly is a finding of its own
        }
    }

    /** The {@code i}-th node (0 is a). */
    ChatNode node(int i) {
        return nodes.get(i);
    }

    List<ChatNode> nodes() {
        return List.copyOf(nodes);
    }

    RedisServer redis() {
        return redis;
    }

    /** A room name no other test of this cluster uses: {@code PREFIX-N}. */
    String freshRoom(String prefix) {
        return prefix + "-" + rooms.incrementAndGet();
    }

    /** Starts one more node of this cluster, stopped with the others. */
    ChatNode startNode(String name) {
        ChatNode node = ChatNode.start(name, settings());
        nodes.add(node);
        return node;
    }

    private Map<Setting, Object> settings() {
        Map<Setting, Object> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.REDIS_URL, redis.url(0));
        settings.put(Setting.PRESENCE_WINDOW_MS, PRESENCE_WINDOW_MS);
        settings.putAll(extra);
        return settings;
    }
}
