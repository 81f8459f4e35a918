package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.browser.Browser;
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
 * delay, until Redis is back; then it is delivered once, on the other server too, and shown as
 * sent. Screenshots go to {@code target/screenshots/}.
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

    private final ServerProcess tomcat;
    private final ServerProcess payara;
    private final RedisServer redis;
    private final List<Browser> browsers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** A failed test leaves what every browser showed: target/screenshots/failed-redis-*.png. */
    @RegisterExtension
    final TestExecutionExceptionHandler screenshotOnFailure = (context, error) -> {
        for (Browser b : browsers) {
            b.screenshot("failed-redis-" + b.name);
        }
        throw error;
    };

    ChatPageOnRedisIT(TwoServers servers) {
        this.tomcat = servers.tomcat();
        this.payara = servers.payara();
        this.redis = servers.redis();
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
        bob.awaitMessage("Before the outage");
        dan.await(f -> "Before the outage".equals(f.get("text")), "the first message at dan", WAIT);

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

    // ---- helpers ----

    private Browser browser(String name) {
        Browser browser = Browser.start(name, "redis-" + name, 1024, 720);
        browsers.add(browser);
        return browser;
    }

    private static String page(ServerProcess server, String room) {
        return server.base() + "?room=" + room;
    }

    /** Keeps every frame the page sends, with the time it was sent, in {@code window.__sent}. */
    private static void recordSentFrames(Browser b) {
        b.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const send = WebSocket.prototype.send;
                  window.__sent = [];
                  WebSocket.prototype.send = function (data) {
                    window.__sent.push({ at: performance.now(), data: String(data) });
                    return send.call(this, data);
                  };
                })();"""));
    }

    /** The message frames with {@code text} that the page sent, in order: {at (ms), cid}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sentFrames(Browser b, String text) {
        return (List<Map<String, Object>>) b.js("""
                return window.__sent.map(s => ({ at: s.at, frame: JSON.parse(s.data) }))
                  .filter(s => s.frame.type === 'message' && s.frame.text === arguments[0])
                  .map(s => ({ at: s.at, cid: s.frame.cid }));""", text);
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
