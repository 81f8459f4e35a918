package hubchat.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.protocol.Names;
import hubchat.testing.CuttableProxy;
import hubchat.testing.JdkChatClient;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/**
 * The chat page in headless Chromium against the Tomcat WAR on a real Tomcat 11 (the it-tomcat
 * failsafe execution only): two or more browser windows per scenario, each with a fresh profile,
 * plus {@link JdkChatClient}s where a scenario needs someone typing from elsewhere. Every
 * scenario saves screenshots under {@code target/screenshots/} for a person to look at.
 * Every test uses rooms of its own.
 */
@RequiresPrograms({SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
class ChatPageIT extends InBrowser {

    private static final Duration WAIT = Browser.WAIT;
    /** The page's first reconnect delay (connection.js BACKOFF_FIRST_MS), jitter aside. */
    private static final long BACKOFF_FIRST_MILLIS = 500;


    // ---- scenarios ----

    @Test
    void twoPeopleJoinSeeEachOtherAndChatBothWays() {
        Browser ann = browser("ann", 1024, 720);
        Browser bob = browser("bob", 1024, 720);
        bob.colorScheme("dark");

        ann.join(page("duo"), "ann");
        bob.join(page("duo"), "bob");
        for (Browser b : List.of(ann, bob)) {
            b.waitFor(d -> b.members().containsAll(List.of("ann", "bob")) ? true : null,
                    b.name + " sees ann and bob in the member list");
            b.waitFor(d -> b.text("member-count").contains("2") ? true : null, b.name + " member count 2");
            assertEquals("duo", b.text("room-name"), b.name + ": room header");
            assertEquals(List.of(b.name), meInMembers(b), b.name + " is marked as 'you' in the member list");
        }
        ann.waitFor(d -> ann.systemLines().contains("bob joined") ? true : null, "ann sees 'bob joined'");

        ann.send("Hi Bob! Lunch at noon?");
        Map<String, Object> atBob = bob.awaitMessage("Hi Bob! Lunch at noon?");
        assertEquals("ann", atBob.get("from"));
        assertEquals(false, atBob.get("mine"), "someone else's message is not marked as own");
        Map<String, Object> atAnn = ann.awaitMessage("Hi Bob! Lunch at noon?");
        assertEquals(true, atAnn.get("mine"), "own message is marked as own");
        assertEquals(atAnn.get("id"), atBob.get("id"), "the same message id on both pages");
        assertTrue(ann.driver.findElements(By.cssSelector("#messages > li.msg.mine")).size() == 1,
                "ann's own message has the 'mine' look");

        // Bob starts typing: Ann sees the hint, then the message, both with the sender and a time.
        WebElement field = bob.driver.findElement(By.id("text"));
        field.sendKeys("Sure, see you at the usual place");
        ann.waitFor(d -> "bob is typing…".equals(ann.text("typing")) ? true : null, "typing hint at ann");
        ann.screenshot("1-duo-ann-sees-bob-typing");
        field.sendKeys(Keys.ENTER);
        Map<String, Object> reply = ann.awaitMessage("Sure, see you at the usual place");
        assertEquals("bob", reply.get("from"));
        bob.awaitMessage("Sure, see you at the usual place");
        ann.waitFor(d -> ann.text("typing").isEmpty() ? true : null, "typing hint gone once the message came");
        // Screen readers hear it through the polite live region.
        assertEquals("polite", ann.driver.findElement(By.id("announcer")).getAttribute("aria-live"));
        ann.waitFor(d -> ann.text("announcer").contains("bob: Sure, see you at the usual place") ? true : null,
                "live region announces bob's message");
        // Every message has a timestamp (a <time> with a machine-readable datetime).
        assertEquals(2L, ann.js("return document.querySelectorAll('#messages > li.msg time.ts[datetime]').length;"));

        // Light for ann, dark for bob, following prefers-color-scheme.
        assertTrue(luminance(ann, "body") > 0.8, "light theme background at ann");
        assertTrue(luminance(bob, "body") < 0.2, "dark theme background at bob");
        ann.screenshot("1-duo-ann-light");
        bob.screenshot("1-duo-bob-dark");

        // While ann's tab is hidden, messages from others count up in the title.
        String chatTab = ann.driver.getWindowHandle();
        ann.driver.switchTo().newWindow(WindowType.TAB);
        ann.driver.get("about:blank");
        bob.send("Are you still there?");
        bob.send("Hello?");
        String hiddenTitle = ann.waitFor(d -> {
            String t = ann.tabTitle("room=duo");
            return t != null && t.startsWith("(2) ") ? t : null;
        }, () -> "unread count in ann's hidden tab title, title: " + ann.tabTitle("room=duo"));
        assertEquals("(2) #duo · hubchat", hiddenTitle);
        ann.driver.close();
        ann.driver.switchTo().window(chatTab);
        ann.waitFor(d -> "#duo · hubchat".equals(ann.driver.getTitle()) ? true : null,
                () -> "unread count cleared once the tab is visible again, title: " + ann.driver.getTitle());

        // Bob leaves: ann sees it.
        closeNow(bob);
        ann.waitFor(d -> ann.systemLines().contains("bob left") ? true : null, "ann sees 'bob left'");
        ann.waitFor(d -> ann.members().equals(List.of("ann")) ? true : null, "member list back to ann only");
    }

    @Test
    void aLateJoinerSeesTheHistoryAndAReloadKeepsNickAndRoom() {
        Browser ann = browser("ann", 1024, 720);
        ann.join(page("history"), "ann");
        List<String> said = List.of("Morning all", "The build is green again", "Retro at 3pm in room B");
        for (String text : said) {
            ann.send(text);
            ann.awaitMessage(text);
        }

        Browser carl = browser("carl", 1024, 720);
        carl.join(page("history"), "carl");
        List<String> expected = said.stream().map(t -> "ann: " + t).toList();
        carl.waitFor(d -> carl.confirmedLines().equals(expected) ? true : null,
                () -> "carl sees the history in order, shown: " + carl.confirmedLines());
        List<Object> ids = carl.messages().stream().map(m -> m.get("id")).toList();
        carl.screenshot("2-history-carl-joined-late");

        carl.driver.navigate().refresh();
        carl.awaitConnected();
        assertFalse(carl.driver.findElement(By.id("join")).isDisplayed(), "no join form after a reload");
        assertEquals("history", carl.text("room-name"), "room kept");
        assertTrue(carl.driver.getCurrentUrl().contains("room=history"), carl.driver.getCurrentUrl());
        carl.waitFor(d -> meInMembers(carl).equals(List.of("carl")) ? true : null,
                () -> "nick kept: carl is 'you', members " + carl.members());
        carl.waitFor(d -> carl.confirmedLines().equals(expected) ? true : null,
                () -> "the history again, once, shown: " + carl.confirmedLines());
        assertEquals(ids, carl.messages().stream().map(m -> m.get("id")).toList(), "same messages after the reload");

        ann.send("Welcome back, carl");
        carl.awaitMessage("Welcome back, carl");
        assertEquals(1, carl.messageTexts().stream().filter("Welcome back, carl"::equals).count());
        carl.screenshot("2-history-carl-after-reload");
    }

    @Test
    void aCutConnectionComesBackByItselfWithEveryMissedMessageOnceInOrder() throws Exception {
        CuttableProxy proxy = CuttableProxy.start(base.getPort(), PROXY_PORT);
        closedAfter(proxy);
        Browser ann = browser("ann", 1024, 720);
        // ann reaches the server only through the proxy (page and WebSocket); dan talks to it directly
        ann.join(page("resume", proxy), "ann");
        JdkChatClient dan = JdkChatClient.connect(ws("resume", "nick=dan"));
        closedAfter(dan);
        dan.awaitType("welcome", WAIT);
        ann.waitFor(d -> ann.members().contains("dan") ? true : null, "ann sees dan");

        List<String> danSaid = new ArrayList<>();
        danSaid.add(say(dan, "Before the cut"));
        ann.awaitMessage("Before the cut");

        int attemptsBefore = proxy.accepted();
        proxy.cut();
        ann.waitFor(d -> List.of("waiting", "connecting").contains(ann.statusState())
                && ann.text("status-text").startsWith("Reconnecting") ? true : null,
                "ann's page says it is reconnecting, status: " + ann.text("status-text"));
        ann.waitFor(d -> ann.visible("notice") != null && ann.text("notice-text").contains("Reconnecting") ? true : null,
                "a notice that the connection was lost");

        for (int i = 1; i <= 5; i++) {
            danSaid.add(say(dan, "While you were away " + i));
        }
        ann.send("Typed while offline");
        Map<String, Object> pending = ann.messages().get(ann.messages().size() - 1);
        assertEquals("pending", pending.get("kind"), "shown at once, waiting: " + pending);
        assertEquals("Typed while offline", pending.get("text"));
        // the page really tried to come back while the server was unreachable
        ann.waitFor(d -> proxy.accepted() > attemptsBefore ? true : null, "a refused reconnect attempt");
        ann.screenshot("3-resume-ann-while-cut");

        proxy.restore();
        ann.awaitConnected();
        List<String> expected = new ArrayList<>(danSaid.stream().map(t -> "dan: " + t).toList());
        expected.add("ann: Typed while offline");
        ann.waitFor(d -> ann.confirmedLines().equals(expected) ? true : null,
                () -> "every message once and in order after the reconnect, shown: " + ann.confirmedLines());
        assertEquals(List.of(), ann.messages().stream().filter(m -> m.get("id") == null).toList(), "nothing left pending");
        List<Object> ids = ann.messages().stream().map(m -> m.get("id")).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no message twice: " + ids);
        ann.waitFor(d -> ann.visible("notice") == null ? true : null, "the connection notice is gone");

        // dan got ann's offline message exactly once: nothing but other frames until dan's next own message
        Map<String, Object> got = dan.await(f -> "message".equals(f.get("type")) && "Typed while offline".equals(f.get("text")),
                "ann's offline message", WAIT);
        assertEquals("ann", got.get("from"));
        dan.send("{\"type\":\"message\",\"text\":\"Good to have you back\"}");
        for (String frame = dan.next(WAIT); !frame.contains("Good to have you back"); frame = dan.next(WAIT)) {
            assertFalse(frame.contains("Typed while offline"), "a second copy reached dan: " + frame);
        }
        ann.awaitMessage("Good to have you back");
        assertEquals(1, ann.messageTexts().stream().filter("Typed while offline"::equals).count());
        ann.screenshot("3-resume-ann-back");
    }

    @Test
    void aConnectionThatDiesSilentlyComesBackAsItselfAndItsUnacknowledgedMessageIsStoredOnce() throws Exception {
        CuttableProxy proxy = CuttableProxy.start(base.getPort(), PROXY_PORT);
        closedAfter(proxy);
        Browser ann = browser("ann", 1024, 720);
        ann.join(page("takeover", proxy), "ann");
        JdkChatClient dan = JdkChatClient.connect(ws("takeover", "nick=dan"));
        closedAfter(dan);
        dan.awaitType("welcome", WAIT);
        ann.waitFor(d -> ann.members().contains("dan") ? true : null, "ann sees dan");

        // ann's message reaches the server but its acknowledgement does not; then her side of the
        // connection breaks, while the server's side stays open and hears nothing more
        proxy.freezeReplies();
        ann.send("Sent as the line went dead");
        dan.await(f -> "Sent as the line went dead".equals(f.get("text")), "ann's message at dan", WAIT);
        assertEquals("pending", ann.messages().get(ann.messages().size() - 1).get("kind"), "not acknowledged yet");
        int attemptsBefore = proxy.accepted();
        proxy.dropClientsSilently();

        ann.waitFor(d -> proxy.accepted() > attemptsBefore ? true : null, "the page reconnects");
        ann.waitFor(d -> ann.confirmedLines().equals(List.of("ann: Sent as the line went dead")) ? true : null,
                () -> "the message acknowledged, once, shown: " + ann.messages());
        ann.waitFor(d -> ann.messages().stream().noneMatch(m -> m.get("id") == null) ? true : null,
                () -> "the re-send acknowledged, nothing left pending, shown: " + ann.messages());
        ann.awaitConnected();
        assertEquals(List.of("ann"), meInMembers(ann), "ann is herself again, not ann-2; members " + ann.members());
        assertEquals(List.of("ann", "dan"), ann.members().stream().sorted().toList());
        ann.screenshot("3-takeover-ann-back");

        Thread.sleep(1000); // a presence window and more: a join of an ann-2 would have been announced
        dan.send("{\"type\":\"message\",\"text\":\"Welcome back\"}");
        for (String frame = dan.next(WAIT); !frame.contains("Welcome back"); frame = dan.next(WAIT)) {
            assertFalse(frame.contains("Sent as the line went dead"), "a second copy reached dan: " + frame);
            assertFalse(frame.contains("\"presence\""), "the takeover is not announced: " + frame);
        }
        ann.awaitMessage("Welcome back");
        assertEquals(1, ann.messageTexts().stream().filter("Sent as the line went dead"::equals).count());
    }

    @Test
    void markupTypedAsAMessageIsShownAsTextAndRunsNothing() throws Exception {
        String img = "<img src=x onerror=alert(1)>";
        String script = "<script>alert(2)</script>";
        String svg = "<svg onload=alert(3)></svg> &amp; 1 < 2";
        String hostileNick = "<b onmouseover=alert(4)>eve";

        Browser ann = browser("ann", 1024, 720);
        ann.join(page("markup"), "ann");
        Browser eve = browser("eve", 1024, 720);
        eve.join(page("markup"), hostileNick);
        ann.waitFor(d -> ann.systemLines().contains(hostileNick + " joined") ? true : null,
                () -> "join line with the nick as text, lines: " + ann.systemLines());
        for (String text : List.of(img, script, svg)) {
            eve.send(text);
        }
        for (Browser b : List.of(ann, eve)) {
            b.awaitMessage(svg);
            assertEquals(List.of(hostileNick + ": " + img, hostileNick + ": " + script, hostileNick + ": " + svg),
                    b.confirmedLines(), b.name + " shows the markup as literal text");
        }
        ann.waitFor(d -> ann.members().contains(hostileNick) ? true : null, "the nick as text in the member list");
        ann.waitFor(d -> ann.text("announcer").contains(svg) ? true : null, "live region has the literal text");

        // Give an injected image a moment to fail loading and fire its onerror.
        Thread.sleep(500);
        for (Browser b : List.of(ann, eve)) {
            assertFalse(b.alertOpen(), b.name + ": an alert is open, injected script ran");
            assertEquals(0L, b.js("return document.querySelectorAll("
                    + "'#messages img, #messages script, #messages svg, #messages b, #member-list b, #member-list img').length;"),
                    b.name + ": markup from a message or nick became DOM");
            assertEquals(Boolean.TRUE, b.js("return typeof window.alert === 'function';"));
        }
        ann.screenshot("4-markup-ann");
    }

    @Test
    void atTheBottomTheViewFollowsScrolledUpItStaysAndOffersNewMessages() throws Exception {
        Browser ann = browser("ann", 1024, 720);
        ann.join(page("scroll"), "ann");
        JdkChatClient dan = JdkChatClient.connect(ws("scroll", "nick=dan"));
        closedAfter(dan);
        dan.awaitType("welcome", WAIT);
        for (int i = 1; i <= 40; i++) {
            say(dan, "Status line " + i + " of the nightly run");
        }
        ann.awaitMessage("Status line 40 of the nightly run");
        assertTrue((Long) ann.js("const s = document.getElementById('scroller'); return s.scrollHeight - s.clientHeight;")
                > 600, "the list is long enough to scroll");
        ann.waitFor(d -> atBottom(ann) ? true : null, "at the bottom after the messages came");

        // At the bottom: a new message is followed.
        say(dan, "Nightly run finished");
        ann.awaitMessage("Nightly run finished");
        ann.waitFor(d -> atBottom(ann) ? true : null, "still at the bottom: the view followed");
        assertTrue(ann.visible("jump") == null, "no 'new messages' hint while at the bottom");

        // Scrolled up: the reader stays where they are, and a hint counts what came below.
        ann.js("document.getElementById('scroller').scrollTop = 300;");
        settle(ann);
        String anchorId = (String) ann.js("""
                const s = document.getElementById('scroller').getBoundingClientRect();
                const li = [...document.querySelectorAll('#messages > li.msg')]
                    .find(e => e.getBoundingClientRect().top >= s.top);
                return li.dataset.id;""");
        double anchorTop = anchorTop(ann, anchorId);
        long scrollTop = (Long) ann.js("return Math.round(document.getElementById('scroller').scrollTop);");
        for (int i = 1; i <= 3; i++) {
            say(dan, "Follow-up " + i);
        }
        ann.awaitMessage("Follow-up 3");
        settle(ann);
        assertEquals(anchorTop, anchorTop(ann, anchorId), 1.0, "the message the reader looked at did not move");
        assertEquals(scrollTop, (Long) ann.js("return Math.round(document.getElementById('scroller').scrollTop);"),
                "scroll position kept");
        WebElement jump = ann.waitFor(d -> ann.visible("jump"), "the 'new messages' hint");
        assertEquals("3 new messages ↓", jump.getText());
        ann.screenshot("5-scroll-ann-reading-older");

        jump.click();
        ann.waitFor(d -> atBottom(ann) && ann.visible("jump") == null ? true : null, "back at the bottom, hint gone");
        assertEquals("#text", ann.focused(), "focus back in the message field");

        // Scrolled up and sending yourself: the view goes to your message.
        ann.js("document.getElementById('scroller').scrollTop = 0;");
        settle(ann);
        ann.send("Thanks, reading it now");
        ann.awaitMessage("Thanks, reading it now");
        ann.waitFor(d -> atBottom(ann) ? true : null, "own message brings the view to the bottom");
        ann.screenshot("5-scroll-ann-at-bottom");
    }

    @Test
    void aPhoneSizedViewportKeepsEverythingUsable() {
        Browser ann = browser("ann", 360, 640);
        ann.viewport(360, 640, true);
        Browser bob = browser("bob", 360, 640);
        bob.viewport(360, 640, true);
        bob.colorScheme("dark");

        ann.open(page("phone"));
        ann.waitFor(d -> ann.visible("join-nick"), "join form");
        assertFitsHorizontally(ann, "join screen");
        assertInViewport(ann, "join-go");
        ann.screenshot("6-phone-ann-join");

        ann.join(page("phone"), "ann");
        bob.join(page("phone"), "bob");
        ann.waitFor(d -> ann.members().contains("bob") ? true : null, "ann sees bob");
        bob.send("Hello from the train!");
        ann.awaitMessage("Hello from the train!");
        ann.send("Long links wrap: https://example.com/" + "very-long-path-segment-".repeat(8) + "end");
        ann.send("x".repeat(300));
        bob.awaitMessage("x".repeat(300));
        for (Browser b : List.of(ann, bob)) {
            assertFitsHorizontally(b, "chat");
            for (String id : List.of("text", "send", "room-name", "members-toggle", "settings-toggle", "status")) {
                assertInViewport(b, id);
            }
        }
        // The member count is in the header; the list opens as a panel.
        assertEquals("2", ann.text("member-count-badge"));
        ann.screenshot("6-phone-ann-chat");
        bob.screenshot("6-phone-bob-chat-dark");

        ann.driver.findElement(By.id("members-toggle")).click();
        ann.waitFor(d -> ann.visible("members"), "member panel");
        assertInViewport(ann, "members");
        assertTrue(ann.driver.findElement(By.cssSelector("#member-list li[data-nick='bob']")).isDisplayed());
        ann.screenshot("6-phone-ann-members");
        new Actions(ann.driver).sendKeys(Keys.ESCAPE).perform();
        ann.waitFor(d -> ann.visible("members") == null ? true : null, "Escape closes the member panel");

        ann.driver.findElement(By.id("settings-toggle")).click();
        ann.waitFor(d -> ann.visible("nick-input"), "room and nick panel");
        assertInViewport(ann, "nick-input");
        assertInViewport(ann, "room-go");
        assertFitsHorizontally(ann, "room and nick panel");
        new Actions(ann.driver).sendKeys(Keys.ESCAPE).perform();

        // The input still works on the small screen.
        ann.driver.findElement(By.id("text")).click();
        ann.send("Typed on a small screen");
        bob.awaitMessage("Typed on a small screen");
        assertFitsHorizontally(bob, "chat after more messages");
    }

    @Test
    void keyboardOnlyEnterSendsFocusOrderMakesSenseControlsHaveLabels() {
        Browser kim = browser("kim", 1024, 720);
        Browser lee = browser("lee", 1024, 720);
        lee.join(page("keys"), "lee");

        kim.open(page("keys"));
        kim.waitFor(d -> "#join-nick".equals(kim.focused()) ? true : null, "focus starts in the nickname field");
        keys(kim, "kim", Keys.TAB);
        assertEquals("#join-room", kim.focused());
        assertEquals("keys", kim.driver.findElement(By.id("join-room")).getDomProperty("value"), "room from the address");
        assertNamed(kim, List.of("join-nick", "join-room", "join-go"));
        keys(kim, Keys.ENTER);
        kim.awaitConnected();
        assertEquals("#text", kim.focused(), "focus in the message field once in the room");

        keys(kim, "Typed with the keyboard only", Keys.ENTER);
        lee.awaitMessage("Typed with the keyboard only");
        assertEquals("", kim.driver.findElement(By.id("text")).getDomProperty("value"), "field cleared after sending");
        assertEquals("#text", kim.focused(), "focus stays in the message field");

        // Tab goes round the page in reading order: header forms, the message list, the input.
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 20 && (order.isEmpty() || !order.get(order.size() - 1).equals("#text")); i++) {
            keys(kim, Keys.TAB);
            String f = kim.focused();
            if (!f.equals("body")) {
                order.add(f);
            }
        }
        assertEquals(List.of("#send", "#room-input", "#room-go", "#nick-input", "#nick-go", "#notify", "#copy-link",
                "#scroller", "#text"), order, "tab order from the message field");
        shiftTab(kim);
        assertEquals("#scroller", kim.focused(), "Shift+Tab goes back");
        assertNamed(kim, List.of("send", "room-input", "room-go", "nick-input", "nick-go", "notify", "copy-link",
                "scroller", "text"));
        // Every visible control on the page has a name, not only those in the tab order.
        @SuppressWarnings("unchecked")
        List<WebElement> controls = (List<WebElement>) kim.js(
                "return [...document.querySelectorAll('button, input, [tabindex]')].filter(e => e.getClientRects().length);");
        for (WebElement control : controls) {
            assertFalse(control.getAccessibleName().isBlank(), "no accessible name: " + control.getDomAttribute("id")
                    + " " + control.getTagName());
        }
        // Keyboard focus is visible.
        shiftTab(kim);
        assertEquals("#copy-link", kim.focused());
        shiftTab(kim);
        assertEquals("#notify", kim.focused());
        shiftTab(kim);
        assertEquals("#nick-go", kim.focused());
        assertFalse("none".equals(kim.js("return getComputedStyle(document.activeElement).outlineStyle;")),
                "the focused button shows a focus ring");

        // Changing the nick by keyboard: Shift+Tab into the field, replace it, Enter.
        shiftTab(kim);
        assertEquals("#nick-input", kim.focused());
        new Actions(kim.driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL)
                .sendKeys("kimberly", Keys.ENTER).perform();
        kim.waitFor(d -> kim.systemLines().contains("You are now known as kimberly") ? true : null,
                () -> "nick changed, lines: " + kim.systemLines());
        lee.waitFor(d -> lee.systemLines().contains("kim is now known as kimberly") ? true : null, "lee sees the change");
        assertEquals("#text", kim.focused(), "back to the message field after the change");
        keys(kim, Keys.TAB);
        kim.screenshot("7-keyboard-kim-focus-on-send");
    }

    @Test
    void errorsTheServerSendsAreShownInPlainWords() {
        Browser ann = browser("ann", 1024, 720);
        // The server only sends these under load (rate limit, a reader too slow for its queue), so
        // the page's own socket gets them injected: every WebSocket the page opens is kept in
        // window.__sockets, and frames and closes are dispatched on it as if they came from the server.
        ann.keepSockets();
        ann.join(page("errors"), "ann");

        // A message the server refuses as sent too fast (rate_limited, with its cid and when to
        // send it again): kept, shown as waiting, and sent again by itself after retryAfterMs.
        ann.js("window.__sockets.at(-1).send = () => {};");
        ann.send("Is anyone there?");
        String cid = (String) ann.waitFor(d -> ann.js(
                "const li = document.querySelector('#messages li[data-status=sent]'); return li && li.dataset.cid;"),
                "the message waiting for its acknowledgement");
        ann.js("delete window.__sockets.at(-1).send;");
        assertEquals("You are sending messages too fast: they will be sent in a moment, by themselves.",
                inject(ann, "{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"sent too fast\",\"cid\":\""
                        + cid + "\",\"retryAfterMs\":1500}"));
        WebElement waiting = ann.waitFor(d -> ann.driver.findElements(By.cssSelector("#messages li[data-status=retrying]"))
                .stream().findFirst().orElse(null), "the message kept, waiting to be sent again");
        assertTrue(waiting.getText().contains("Not stored yet"), waiting.getText());
        ann.screenshot("8-errors-ann-rate-limited");
        ann.awaitMessage("Is anyone there?"); // re-sent after 1.5 s, with the same cid

        assertEquals("That message is too long: at most 2000 characters.",
                inject(ann, "{\"type\":\"error\",\"code\":\"too_long\",\"message\":\"text is longer than 2000 characters\"}"));
        assertEquals("Server: something new went wrong",
                inject(ann, "{\"type\":\"error\",\"code\":\"brand_new\",\"message\":\"something new went wrong\"}"),
                "an unknown code shows the server's own words");

        // Closed as a slow consumer (1013): said in words, and the page comes back by itself.
        String notice = injectClose(ann, 1013, Disconnect.SLOW_CONSUMER.reason());
        ann.screenshot("8-errors-ann-slow-connection");
        assertEquals("Your connection was too slow and was closed. Reconnecting…", notice);
        ann.awaitConnected();
        ann.waitFor(d -> ann.visible("notice") == null ? true : null, "notice gone once reconnected");
        assertEquals(List.of("ann: Is anyone there?"), ann.confirmedLines());
        assertEquals(2L, ann.js("return window.__sockets.length;"), "one reconnect");
    }

    @Test
    void closesAreWordedAndDecidedByTheTokenOfTheirReason() throws Exception {
        Browser ann = browser("ann", 1024, 720);
        ann.keepSockets();
        ann.join(page("closes"), "ann");

        // The page's own modules on every cause the server sends, and on closes without a token of ours.
        String restarting = "The server is restarting or the connection went quiet.";
        String tooFast = "Too much was sent too fast, so the server closed the connection. Wait a little before reconnecting.";
        String slow = "Your connection was too slow and was closed.";
        String badQuery = Disconnect.BAD_QUERY.reason("a parameter is given more than once");
        Map<Disconnect, List<String>> words = new EnumMap<>(Disconnect.class); // reason sent, text shown
        words.put(Disconnect.REPLACED, List.of(Disconnect.REPLACED.reason(),
                "This chat went on over a newer connection (another tab, window or device), so it was closed here."));
        words.put(Disconnect.RESTARTING, List.of(Disconnect.RESTARTING.reason(), "The server is restarting. Reconnecting shortly."));
        words.put(Disconnect.PING_TIMEOUT, List.of(Disconnect.PING_TIMEOUT.reason(), restarting));
        words.put(Disconnect.WRITE_FAILED, List.of(Disconnect.WRITE_FAILED.reason(), restarting));
        words.put(Disconnect.BINARY_FRAME, List.of(Disconnect.BINARY_FRAME.reason(),
                "The server refused data from this page. Reloading the page may help."));
        words.put(Disconnect.BAD_ROOM, List.of(Disconnect.BAD_ROOM.reason(Names.ROOM_RULE), "This room name is not allowed."));
        words.put(Disconnect.ROOM_LIMIT, List.of(Disconnect.ROOM_LIMIT.reason(),
                "This server has as many rooms as it allows. Join an existing room or try again later."));
        words.put(Disconnect.TOO_MANY_NEW_ROOMS, List.of(Disconnect.TOO_MANY_NEW_ROOMS.reason(),
                "Too many new rooms were opened from your address in a short time. Join an existing room or try again in a few minutes."));
        words.put(Disconnect.FLOOD, List.of(Disconnect.FLOOD.reason(), tooFast));
        words.put(Disconnect.RATE_LIMITED, List.of(Disconnect.RATE_LIMITED.reason(), tooFast));
        words.put(Disconnect.TOO_MANY_FRAGMENTS, List.of(Disconnect.TOO_MANY_FRAGMENTS.reason(), tooFast));
        words.put(Disconnect.BAD_FRAMES, List.of(Disconnect.BAD_FRAMES.reason(),
                "The server kept refusing what this page sent, so it closed the connection. Reloading the page may help."));
        words.put(Disconnect.UNAUTHORIZED, List.of(Disconnect.UNAUTHORIZED.reason("the token has expired"),
                "This chat needs you to sign in: your sign-in is missing or has expired. Open the chat again from where you signed in."));
        words.put(Disconnect.ROOM_NOT_ALLOWED, List.of(Disconnect.ROOM_NOT_ALLOWED.reason(),
                "Your sign-in does not let you into this room."));
        words.put(Disconnect.BAD_QUERY, List.of(badQuery, "The server closed the connection: " + badQuery));
        words.put(Disconnect.TOO_BIG, List.of(Disconnect.TOO_BIG.reason("message larger than 16384 bytes"),
                "A message was too large for the server, so it closed the connection."));
        words.put(Disconnect.SLOW_CONSUMER, List.of(Disconnect.SLOW_CONSUMER.reason(), slow));
        words.put(Disconnect.SERVER_BUSY, List.of(Disconnect.SERVER_BUSY.reason(),
                "The server is busy right now, so it closed the connection. Reconnecting shortly."));
        List<List<Object>> cases = new ArrayList<>(); // code, reason, text, reconnect
        for (Disconnect cause : Disconnect.values()) {
            if (cause.sent()) {
                List<String> w = words.get(cause);
                assertNotNull(w, "words for " + cause);
                cases.add(List.of(cause.code(), w.get(0), w.get(1), cause.reconnect().token()));
            }
        }
        cases.add(List.of(1006, "", "The connection was lost.", "backoff"));
        cases.add(List.of(1002, "", "The connection broke because of a protocol error. Reloading the page may help.", "no"));
        cases.add(List.of(1008, "room limit reached", "The server closed the connection: room limit reached", "no"));
        cases.add(List.of(1001, "replaced", restarting, "backoff")); // a token of ours, but not with its code
        cases.add(List.of(1011, "", "The server ran into a problem.", "backoff"));
        @SuppressWarnings("unchecked")
        List<List<Object>> seen = (List<List<Object>>) ann.js("""
                const base = new URL('js/', location.href);
                return Promise.all([import(base + 'texts.js'), import(base + 'disconnect.js')]).then(([t, d]) =>
                  arguments[0].map(([code, reason]) => [t.closeText(code, reason), d.closeCause(code, reason).reconnect]));""",
                cases);
        for (int i = 0; i < cases.size(); i++) {
            List<Object> c = cases.get(i);
            String what = c.get(0) + " '" + c.get(1) + "'";
            assertEquals(c.get(2), seen.get(i).get(0), "text for " + what);
            assertEquals(c.get(3), seen.get(i).get(1), "reconnect after " + what);
        }

        // On the page: a flood is said in words and left to the user, with no reconnect of its own.
        String notice = injectClose(ann, Disconnect.FLOOD.code(), Disconnect.FLOOD.reason());
        ann.screenshot("9-closes-ann-flood");
        assertEquals(tooFast, notice, "and no 'Reconnecting…'");
        assertEquals("disconnected", ann.statusState());
        Thread.sleep(3 * BACKOFF_FIRST_MILLIS);
        assertEquals(1L, ann.js("return window.__sockets.length;"), "no reconnect");
    }

    // ---- helpers ----

    /** Dispatches a close on the page's socket as if the server sent it, then closes it for real; returns the notice. */
    private static String injectClose(Browser b, int code, String reason) {
        return (String) b.js("""
                const ws = window.__sockets.at(-1);
                ws.dispatchEvent(new CloseEvent('close', { code: arguments[0], reason: arguments[1] }));
                ws.onclose = null;
                ws.close();
                return document.getElementById('notice-text').textContent;""", code, reason);
    }


    /**
     * Posts {@code text} (plain, no JSON escapes needed) as {@code client}, waits for its own copy
     * and returns the text. Should the server ever limit the rate, a refused message is sent again
     * a little later, so the scenarios do not depend on how fast they may post.
     */
    private static String say(JdkChatClient client, String text) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            client.send("{\"type\":\"message\",\"text\":\"" + text + "\"}");
            Map<String, Object> answer = client.await(f -> "error".equals(f.get("type"))
                    || "message".equals(f.get("type")) && text.equals(f.get("text")), "own copy of '" + text + "'", WAIT);
            if ("message".equals(answer.get("type"))) {
                assertNotNull(answer.get("id"));
                return text;
            }
            assertEquals("rate_limited", answer.get("code"), "error for '" + text + "': " + answer);
            Thread.sleep(250);
        }
        throw new AssertionError("'" + text + "' still rate limited");
    }

    private static void keys(Browser b, CharSequence... keys) {
        new Actions(b.driver).sendKeys(keys).perform();
    }

    /** Dispatches {@code frame} on the page's socket as if the server sent it; returns the notice shown. */
    private static String inject(Browser b, String frame) {
        return (String) b.js("""
                window.__sockets.at(-1).dispatchEvent(new MessageEvent('message', { data: arguments[0] }));
                const notice = document.getElementById('notice');
                return notice.hidden ? null : document.getElementById('notice-text').textContent;""", frame);
    }

    private static void shiftTab(Browser b) {
        new Actions(b.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
    }

    @SuppressWarnings("unchecked")
    private static List<String> meInMembers(Browser b) {
        return (List<String>) b.js("return [...document.querySelectorAll('#member-list > li.me')].map(li => li.dataset.nick);");
    }

    private static boolean atBottom(Browser b) {
        return (Boolean) b.js("const s = document.getElementById('scroller');"
                + " return s.scrollHeight - s.scrollTop - s.clientHeight <= 2;");
    }

    private static double anchorTop(Browser b, String id) {
        return ((Number) b.js("return document.querySelector(`#messages > li[data-id=\"${arguments[0]}\"]`)"
                + ".getBoundingClientRect().top;", id)).doubleValue();
    }

    /** Lets the page handle pending scroll events and paint (two animation frames). */
    private static void settle(Browser b) {
        b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));");
    }

    /** Relative luminance (0 black .. 1 white) of an element's background. */
    private static double luminance(Browser b, String selector) {
        return ((Number) b.js("""
                const m = getComputedStyle(document.querySelector(arguments[0])).backgroundColor.match(/[\\d.]+/g).map(Number);
                const c = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                return 0.2126 * c(m[0]) + 0.7152 * c(m[1]) + 0.0722 * c(m[2]);""", selector)).doubleValue();
    }

    /** No horizontal scrolling, and no visible element sticking out left or right. */
    private static void assertFitsHorizontally(Browser b, String where) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) b.js("""
                const w = document.documentElement.clientWidth;
                const out = [...document.querySelectorAll('body *')]
                  .filter(e => e.getClientRects().length > 0 && !e.closest('.sr-only'))
                  .filter(e => { const r = e.getBoundingClientRect(); return r.right > w + 0.5 || r.left < -0.5; })
                  .map(e => e.id || e.className || e.tagName);
                const s = document.getElementById('scroller');
                return { width: w, scrollWidth: document.documentElement.scrollWidth,
                         bodyScrollWidth: document.body.scrollWidth, innerWidth: window.innerWidth,
                         listOverflow: s ? s.scrollWidth - s.clientWidth : 0, out: out };""");
        String info = b.name + " " + where + ": " + r;
        assertEquals(360L, r.get("innerWidth"), info);
        assertTrue((Long) r.get("scrollWidth") <= (Long) r.get("width"), "horizontal scroll: " + info);
        assertTrue((Long) r.get("bodyScrollWidth") <= (Long) r.get("width"), "horizontal scroll: " + info);
        assertEquals(0L, r.get("listOverflow"), "message list wider than the screen: " + info);
        assertEquals(List.of(), r.get("out"), "elements outside the screen: " + info);
    }

    /** The element is displayed and entirely inside the viewport. */
    private static void assertInViewport(Browser b, String id) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) b.js("""
                const e = document.getElementById(arguments[0]); const r = e.getBoundingClientRect();
                return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, w: innerWidth, h: innerHeight,
                         ok: r.width > 0 && r.height > 0 && r.top >= -0.5 && r.left >= -0.5
                             && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5 };""", id);
        assertEquals(Boolean.TRUE, r.get("ok"), b.name + ": #" + id + " not inside the viewport: " + r);
    }

    private static void assertNamed(Browser b, List<String> ids) {
        for (String id : ids) {
            String label = b.driver.findElement(By.id(id)).getAccessibleName();
            assertFalse(label == null || label.isBlank(), b.name + ": #" + id + " has no accessible name");
        }
    }
}
