package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.browser.Browser;
import hubchat.testing.CuttableProxy;
import hubchat.testing.JdkChatClient;
import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.ServerProcess;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The chat page in headless Chromium ({@link Browser}) on the two servers that share one Redis
 * ({@link TwoServers}), when Redis goes away under it: a message the server cannot store is
 * kept, shown as not stored yet, and sent again by the page with the same cid, with a growing
 * delay while connected and at once after a reconnect, until Redis is back; then it is delivered
 * once, on the other server too, and shown as sent. A {@link JdkChatClient} on the other server
 * counts the copies exactly. Screenshots go to {@code target/screenshots/}.
 */
@RequiresPrograms({SystemProgram.REDIS_SERVER, SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
@OnTwoServers
class ChatPageOnRedisIT {

    private static final Duration WAIT = Browser.WAIT;
    /**
     * Longest from Redis being back to the message stored: the page's longest retry delay
     * (retry.js: 15 s plus 20%) and the server's reconnect to Redis (at most 2 s apart), with room.
     */
    private static final Duration BACK_WAIT = Duration.ofSeconds(30);
    /** retry.js RETRY_FIRST_MS: the first re-send waits this long, the next twice as long. */
    private static final long RETRY_FIRST_MILLIS = 1000;
    /** Timers may fire a hair early by the page's clock. */
    private static final long CLOCK_SLACK_MILLIS = 50;
    /** Longer than the page's third retry delay (4 s plus 20%, retry.js): a timer due by then has fired. */
    private static final Duration PAST_THIRD_DELAY = Duration.ofMillis(5_000);

    private final ServerProcess tomcat;
    /** Where a proxy in front of Tomcat listens: Tomcat allows that origin (see TwoServers). */
    private final int tomcatProxyPort;
    private final ServerProcess payara;
    private final RedisServer redis;
    private final List<Browser> browsers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /**
     * A failed test leaves what every browser showed (target/screenshots/failed-redis-*.png) and
     * prints the end of each server's console, as the build's output may be all there is of it.
     */
    @RegisterExtension
    final TestExecutionExceptionHandler screenshotOnFailure = (context, error) -> {
        for (Browser b : browsers) {
            b.screenshot("failed-redis-" + b.name);
        }
        printConsoles();
        throw error;
    };

    ChatPageOnRedisIT(TwoServers servers) {
        this.tomcat = servers.tomcat();
        this.tomcatProxyPort = servers.tomcatProxyPort();
        this.payara = servers.payara();
        this.redis = servers.redis();
    }

    private void printConsoles() {
        System.out.println("Tomcat's console ends:\n" + tomcat.consoleTail() + "\nPayara's console ends:\n" + payara.consoleTail());
    }

    @AfterEach
    void tearDown() throws Exception {
        browsers.forEach(Browser::close);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void aMessageSentWhileRedisIsDownIsRetriedWithItsCidAndDeliveredOnceWhenRedisIsBack() throws Exception {
        Browser ann = browser("ann");
        recordSentFrames(ann);
        ann.join(page(tomcat, "outage"), "ann");
        Browser bob = browser("bob");
        bob.join(page(payara, "outage"), "bob");
        JdkChatClient dan = JdkChatClient.connect(payara.ws("outage", "nick=dan"));
        closeables.add(dan);
        dan.awaitType("welcome", WAIT);
        ann.send("Before the outage");
        // dan first: should bob miss it, dan tells whether Payara sent it at all.
        dan.await(f -> "Before the outage".equals(f.get("text")), "the first message at dan", WAIT);
        bob.awaitMessage("Before the outage");

        String text = "Sent while Redis was down";
        redis.stop();
        String cid;
        try {
            ann.send(text);
            Map<String, Object> waiting = ann.waitFor(d -> pending(ann, text, "retrying"),
                    () -> "'" + text + "' kept and shown as retrying; shown: " + pendingEntries(ann));
            cid = (String) waiting.get("cid");
            assertTrue(((String) waiting.get("words")).startsWith("Not stored yet"), "its words: " + waiting);

            // Sent again by itself twice, the second wait twice the first, each time with the same cid.
            List<Map<String, Object>> tries = ann.waitFor(d -> {
                List<Map<String, Object>> sent = sentFrames(ann, text);
                return sent.size() >= 3 ? sent : null;
            }, () -> "three tries of '" + text + "', sent: " + sentFrames(ann, text));
            for (Map<String, Object> t : tries) {
                assertEquals(cid, t.get("cid"), "every try carries the cid of the first: " + tries);
            }
            double first = millis(tries.get(1)) - millis(tries.get(0));
            double second = millis(tries.get(2)) - millis(tries.get(1));
            assertTrue(first >= RETRY_FIRST_MILLIS - CLOCK_SLACK_MILLIS, "first retry after " + first + " ms");
            assertTrue(second >= 2 * RETRY_FIRST_MILLIS - CLOCK_SLACK_MILLIS, "second retry after " + second + " ms");
            assertEquals("connected", ann.statusState(), "the page stayed connected throughout");
            ann.screenshot("redis-1-ann-message-waits-for-redis");
            assertFalse(bob.messageTexts().contains(text), "nothing reached bob");
            assertTrue(dan.pending().stream().noneMatch(f -> f.contains(text)), "nothing reached dan: " + dan.pending());
        } finally {
            redis.start();
        }

        // Redis is back: the next try stores it, once; the waiting copy becomes the sent message.
        Map<String, Object> stored = ann.waitFor(d -> ann.messages().stream()
                .filter(m -> m.get("id") != null && text.equals(m.get("text"))).findFirst().orElse(null),
                () -> "'" + text + "' stored once Redis is back; shown: " + ann.messages(), BACK_WAIT);
        assertEquals(List.of(), pendingEntries(ann), "nothing left waiting");
        assertEquals(true, stored.get("mine"));
        assertEquals(cid, sentFrames(ann, text).get(sentFrames(ann, text).size() - 1).get("cid"), "the last try too");
        Map<String, Object> atBob = bob.awaitMessage(text);
        assertEquals(stored.get("id"), atBob.get("id"), "the same message on Payara");
        Map<String, Object> atDan = dan.await(f -> text.equals(f.get("text")), "'" + text + "' at dan", WAIT);
        assertEquals(stored.get("id"), atDan.get("id"));
        ann.screenshot("redis-2-ann-message-sent");
        bob.screenshot("redis-2-bob-got-it");

        // Exactly once: dan's next frames up to his own next message hold no second copy, and no
        // page shows it twice.
        dan.send("{\"type\":\"message\",\"text\":\"After the outage\"}");
        for (String frame = dan.next(WAIT); !frame.contains("After the outage"); frame = dan.next(WAIT)) {
            assertFalse(frame.contains(text), "a second copy reached dan: " + frame);
        }
        for (Browser b : List.of(ann, bob)) {
            b.awaitMessage("After the outage");
            assertEquals(1, b.messageTexts().stream().filter(text::equals).count(), b.name + " shows it once");
        }
    }

    @Test
    void aMessageWaitingForRedisIsSentAgainAtOnceWhenThePageReconnects() throws Exception {
        CuttableProxy proxy = CuttableProxy.start(tomcat.base().getPort(), tomcatProxyPort);
        closeables.add(proxy);
        Browser ann = browser("ann");
        recordSentFrames(ann);
        // ann reaches Tomcat only through the proxy; dan (on Payara) and the probe (on Tomcat) directly
        ann.join(page(tomcat, "outage-reconnect").replace(":" + tomcat.base().getPort() + "/", ":" + proxy.port() + "/"),
                "ann");
        JdkChatClient dan = JdkChatClient.connect(payara.ws("outage-reconnect", "nick=dan"));
        closeables.add(dan);
        dan.awaitType("welcome", WAIT);
        JdkChatClient probe = JdkChatClient.connect(tomcat.ws("outage-probe", "nick=probe"));
        closeables.add(probe);
        probe.awaitType("welcome", WAIT);
        ann.send("Before the outage");
        dan.await(f -> "Before the outage".equals(f.get("text")), "the first message at dan", WAIT);

        String text = "Waiting for Redis over a reconnect";
        redis.stop();
        String cid;
        try {
            ann.send(text);
            // three tries, the third refused too (so its retry timer is running)
            List<Map<String, Object>> tries = ann.waitFor(d -> {
                List<Map<String, Object>> sent = sentFrames(ann, text);
                return sent.size() >= 3 && pending(ann, text, "retrying") != null ? sent : null;
            }, () -> "three refused tries of '" + text + "', sent: " + sentFrames(ann, text));
            cid = (String) tries.get(0).get("cid");
            // The page loses its connection; while it is away its retry timer comes due and must
            // do nothing: from now on only the reconnect sends the message again.
            proxy.cut();
            ann.waitFor(d -> "connected".equals(ann.statusState()) ? null : true, "the page notices the cut");
            Thread.sleep(PAST_THIRD_DELAY.toMillis());
            assertEquals(3, sentFrames(ann, text).size(), "no try while disconnected: " + sentFrames(ann, text));
            assertNotNull(pending(ann, text, "retrying"), "still kept as retrying: " + pendingEntries(ann));
        } finally {
            redis.start();
        }
        storeOnce(probe); // Tomcat has Redis again
        proxy.restore();

        Map<String, Object> stored = ann.waitFor(d -> ann.messages().stream()
                .filter(m -> m.get("id") != null && text.equals(m.get("text"))).findFirst().orElse(null),
                () -> "'" + text + "' stored after the reconnect; shown: " + ann.messages(), BACK_WAIT);
        List<Map<String, Object>> tries = sentFrames(ann, text);
        assertEquals(4, tries.size(), "one more try, on the new connection: " + tries);
        assertTrue(((Number) tries.get(3).get("socket")).intValue() > ((Number) tries.get(2).get("socket")).intValue(),
                "the last try on a new socket: " + tries);
        for (Map<String, Object> t : tries) {
            assertEquals(cid, t.get("cid"), "every try carries the cid of the first: " + tries);
        }
        assertEquals(List.of(), pendingEntries(ann), "nothing left waiting");
        Map<String, Object> atDan = dan.await(f -> text.equals(f.get("text")), "'" + text + "' at dan", WAIT);
        assertEquals(stored.get("id"), atDan.get("id"));
        ann.screenshot("redis-3-ann-sent-after-reconnect");
        dan.send("{\"type\":\"message\",\"text\":\"After the reconnect\"}");
        for (String frame = dan.next(WAIT); !frame.contains("After the reconnect"); frame = dan.next(WAIT)) {
            assertFalse(frame.contains(text), "a second copy reached dan: " + frame);
        }
        ann.awaitMessage("After the reconnect");
        assertEquals(1, ann.messageTexts().stream().filter(text::equals).count(), "ann shows it once");
    }

    // ---- helpers ----

    /**
     * Sends one message as {@code client} until it is stored (the same cid each time, as the
     * page does): returns once the server can store again.
     */
    private static void storeOnce(JdkChatClient client) throws InterruptedException {
        String message = "{\"type\":\"message\",\"text\":\"probe\",\"cid\":\"probe-1\"}";
        long deadline = System.nanoTime() + BACK_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            client.send(message);
            Map<String, Object> answer = client.await(f -> "error".equals(f.get("type"))
                    || "probe-1".equals(f.get("cid")), "an answer to the probe", WAIT);
            if ("message".equals(answer.get("type"))) {
                return;
            }
            assertEquals("unavailable", answer.get("code"), "the probe's answer: " + answer);
            Thread.sleep(200);
        }
        throw new AssertionError("the server could not store again within " + BACK_WAIT);
    }

    private Browser browser(String name) {
        Browser browser = Browser.start(name, "redis-" + name, 1024, 720);
        browsers.add(browser);
        return browser;
    }

    private static String page(ServerProcess server, String room) {
        return server.base() + "?room=" + room;
    }

    /**
     * Keeps every frame the page sends in {@code window.__sent}, with the time it was sent and
     * the number of its socket (1 for the page's first, 2 after a reconnect, ...).
     */
    private static void recordSentFrames(Browser b) {
        b.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const Native = window.WebSocket;
                  let sockets = 0;
                  window.__sent = [];
                  window.WebSocket = class extends Native {
                    constructor(...args) { super(...args); this.number = ++sockets; }
                    send(data) {
                      window.__sent.push({ at: performance.now(), socket: this.number, data: String(data) });
                      return super.send(data);
                    }
                  };
                })();"""));
    }

    /** The message frames with {@code text} that the page sent, in order: {at (ms), socket, cid}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sentFrames(Browser b, String text) {
        return (List<Map<String, Object>>) b.js("""
                return window.__sent.map(s => ({ at: s.at, socket: s.socket, frame: JSON.parse(s.data) }))
                  .filter(s => s.frame.type === 'message' && s.frame.text === arguments[0])
                  .map(s => ({ at: s.at, socket: s.socket, cid: s.frame.cid }));""", text);
    }

    /** The page's messages still waiting for the server: cid, status, text and the words shown. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pendingEntries(Browser b) {
        return (List<Map<String, Object>>) b.js("""
                return [...document.querySelectorAll('#messages > li[data-kind=pending]')].map(li => ({
                  cid: li.dataset.cid, status: li.dataset.status, text: li.querySelector('.text').textContent,
                  words: li.querySelector('.send-status').textContent }));""");
    }

    private static Map<String, Object> pending(Browser b, String text, String status) {
        return pendingEntries(b).stream()
                .filter(p -> text.equals(p.get("text")) && status.equals(p.get("status"))).findFirst().orElse(null);
    }

    private static double millis(Map<String, Object> sent) {
        return ((Number) sent.get("at")).doubleValue();
    }
}
