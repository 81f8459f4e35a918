package hubchat.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Limits;
import hubchat.testing.CuttableProxy;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/**
 * What people expect of a chat page beyond chatting, in headless Chromium against the Tomcat WAR
 * (the same fixture as {@link ChatPageIT}): the length limit counted in characters as the server
 * counts them and never cutting text, multi-line messages, a taken nick explained, links, and
 * mentions (highlight, title count, desktop notification). Screenshots under
 * {@code target/screenshots/}; every test uses rooms of its own.
 */
@RequiresPrograms({SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
class ChatPageFeaturesIT extends InBrowser {

    /** Types {@code arguments[0]} into the focused message field as a paste does (one input event, line breaks kept). */
    private static final String PASTE = """
            const field = document.getElementById('text');
            field.focus();
            document.execCommand('insertText', false, arguments[0]);""";


    @Test
    void lengthIsCountedInCharactersAsTheServerCountsAndOverLongTextIsRefusedNeverCut() {
        Browser ann = browser("ann", 1024, 720);
        Browser bob = browser("bob", 1024, 720);
        ann.join(page("limits"), "ann");
        bob.join(page("limits"), "bob");
        assertNull(ann.driver.findElement(By.id("text")).getDomAttribute("maxlength"), "no maxlength that cuts");

        // 1500 emoji are 3000 UTF-16 units but 1500 characters: all kept, and no counter yet.
        String wave = "\uD83D\uDC4B";
        ann.js(PASTE, wave.repeat(1500));
        assertEquals(3000L, ann.js("return document.getElementById('text').value.length;"), "nothing cut");
        assertFalse(ann.driver.findElement(By.id("text-count")).isDisplayed(), "no counter at 75 %");

        // 501 more: 2001 characters, one over the limit. The counter says so; Enter refuses it with
        // a word and leaves the text as it was.
        ann.js(PASTE, "x".repeat(501));
        assertEquals("1 character over the limit", ann.text("text-count"));
        assertTrue(ann.driver.findElement(By.id("text-count")).isDisplayed());
        ann.driver.findElement(By.id("text")).sendKeys(Keys.ENTER);
        assertEquals("That message is 2001 characters long: at most " + Limits.MAX_TEXT_LENGTH
                + " can be sent. Shorten it by 1 to send it.", ann.text("notice-text"));
        assertTrue(ann.driver.findElement(By.id("notice")).isDisplayed(), "the refusal is shown");
        assertEquals(3501L, ann.js("return document.getElementById('text').value.length;"), "the text is kept, not cut");
        assertEquals(List.of(), ann.messages(), "nothing sent");
        ann.screenshot("10-limit-ann-over");

        // One character less is exactly the limit: sent, and the server takes it (1500 emoji + 500 x).
        ann.driver.findElement(By.id("text")).sendKeys(Keys.BACK_SPACE);
        assertEquals("0 characters left", ann.text("text-count"));
        ann.driver.findElement(By.id("text")).sendKeys(Keys.ENTER);
        String sent = wave.repeat(1500) + "x".repeat(500);
        bob.awaitMessage(sent);
        ann.awaitMessage(sent);
        assertEquals("", ann.driver.findElement(By.id("text")).getDomProperty("value"));
        assertFalse(ann.driver.findElement(By.id("text-count")).isDisplayed(), "counter gone with the text");

        // From 90 % of the limit on, the counter shows what is left.
        ann.js(PASTE, "y".repeat(1800));
        assertEquals("200 characters left", ann.text("text-count"));
    }

    @Test
    void enterSendsShiftEnterAddsALineAndLineBreaksArriveAndShow() {
        Browser ann = browser("ann", 1024, 720);
        Browser bob = browser("bob", 1024, 720);
        ann.join(page("lines"), "ann");
        bob.join(page("lines"), "bob");
        WebElement field = ann.driver.findElement(By.id("text"));
        long oneLine = (Long) ann.js("return document.getElementById('text').offsetHeight;");

        field.sendKeys("line one");
        new Actions(ann.driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
        field.sendKeys("line two");
        assertEquals("line one\nline two", field.getDomProperty("value"), "Shift+Enter added a line, sent nothing");
        assertEquals(List.of(), ann.messages());
        assertTrue((Long) ann.js("return document.getElementById('text').offsetHeight;") > oneLine, "the field grew");
        field.sendKeys(Keys.ENTER);
        bob.awaitMessage("line one\nline two");
        assertEquals("line one\nline two", shownText(bob, "line one\nline two"), "shown as two lines");

        // A pasted text keeps its line breaks.
        ann.js(PASTE, "pasted one\npasted two\npasted three");
        assertEquals("pasted one\npasted two\npasted three", field.getDomProperty("value"));
        ann.screenshot("11-lines-ann-pasted");
        field.sendKeys(Keys.ENTER);
        bob.awaitMessage("pasted one\npasted two\npasted three");
        assertEquals("pasted one\npasted two\npasted three", shownText(bob, "pasted one\npasted two\npasted three"));
        ann.waitFor(d -> (Long) ann.js("return document.getElementById('text').offsetHeight;") == oneLine ? true : null,
                "the empty field is one line high again");
        bob.screenshot("11-lines-bob");
    }

    @Test
    void aNickChangeThatGotASuffixSaysTheWantedNickWasTaken() {
        Browser ann = browser("ann", 1024, 720);
        Browser ben = browser("ben", 1024, 720);
        ann.join(page("taken"), "ann");
        ben.join(page("taken"), "ben");
        ann.waitFor(d -> ann.members().contains("ben") ? true : null, "ann sees ben");

        WebElement nick = ann.driver.findElement(By.id("nick-input"));
        nick.clear();
        nick.sendKeys("ben", Keys.ENTER);
        ann.waitFor(d -> ann.systemLines().contains("“ben” is taken, so you are now known as ben-2") ? true : null,
                () -> "taken nick explained, lines: " + ann.systemLines());
        ben.waitFor(d -> ben.systemLines().contains("ann is now known as ben-2") ? true : null, "ben sees the change");
        ann.screenshot("12-taken-ann");
    }

    @Test
    void httpAddressesBecomeSafeLinksAndOtherSchemesStayText() {
        Browser ann = browser("ann", 1024, 720);
        Browser bob = browser("bob", 1024, 720);
        ann.join(page("links"), "ann");
        bob.join(page("links"), "bob");

        String text = "docs: https://example.com/docs?a=1&b=2. not: javascript:alert(1) data:text/html,<b>x</b>"
                + " <a href=\"https://evil.example/\" onclick=\"alert(1)\">x</a>";
        bob.send(text);
        ann.awaitMessage(text);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> links = (List<Map<String, Object>>) ann.js("""
                return [...document.querySelectorAll('#messages > li.msg .text a')].map(a => ({
                  href: a.getAttribute('href'), text: a.textContent, rel: a.rel, target: a.target,
                  attributes: a.getAttributeNames().sort().join(' ') }));""");
        assertEquals(2, links.size(), "the two http(s) addresses only: " + links);
        assertEquals(Map.of("href", "https://example.com/docs?a=1&b=2", "text", "https://example.com/docs?a=1&b=2",
                "rel", "noopener noreferrer", "target", "_blank", "attributes", "class href rel target"), links.get(0));
        assertEquals("https://evil.example/", links.get(1).get("href"), "the address only, not the markup around it");
        assertEquals("class href rel target", links.get(1).get("attributes"), "no onclick");
        assertEquals(text, shownText(ann, text), "the whole text shows as written");
        assertEquals(0L, ann.js("return document.querySelectorAll('#messages b, #messages [onclick]').length;"));
        assertFalse(ann.alertOpen());
        // a link is in the keyboard's reach
        ann.js("document.querySelector('#messages .text a').focus();");
        assertEquals("a[https://example.com/docs?a=1&b=2]", ann.focused());
        ann.screenshot("13-links-ann");
    }

    @Test
    void aMessageNamingYouIsHighlightedCountedInTheTitleAndNotifiedWhenAllowed() {
        Browser ann = browser("ann", 1024, 720);
        Browser bob = browser("bob", 1024, 720);
        fakeNotifications(ann);
        ann.join(page("mention"), "ann");
        bob.join(page("mention"), "bob");
        ann.driver.navigate().refresh(); // a load never asks for the permission, a reload neither
        ann.awaitConnected();
        assertEquals(0L, ann.js("return window.__asked;"), "no permission asked on load");

        bob.send("@ann can you review this?");
        bob.send("the annual report is out");
        ann.awaitMessage("the annual report is out");
        assertEquals(List.of("@ann can you review this?"), mentioned(ann), "@ann highlighted, 'annual' not");
        bob.awaitMessage("the annual report is out");
        assertEquals(List.of(), mentioned(bob), "nobody is highlighted at the sender");
        ann.screenshot("14-mention-ann");

        // Notifications are asked for once, from the control; pressing it again turns them off and on.
        WebElement notify = ann.driver.findElement(By.id("notify"));
        assertEquals("false", notify.getDomAttribute("aria-pressed"));
        notify.click();
        ann.waitFor(d -> "true".equals(notify.getDomAttribute("aria-pressed")) ? true : null, "notifications on");
        assertEquals(1L, ann.js("return window.__asked;"));
        assertEquals("Mention notifications on", notify.getText());

        // With the tab hidden: counted in the title, a mention apart, and notified.
        String chatTab = ann.driver.getWindowHandle();
        ann.driver.switchTo().newWindow(WindowType.TAB);
        ann.driver.get("about:blank");
        bob.send("ann, are you there?");
        bob.send("never mind");
        ann.waitFor(d -> "(2, 1 mention) #mention · hubchat".equals(ann.tabTitle("room=mention")) ? true : null,
                () -> "title counts, is " + ann.tabTitle("room=mention"));
        ann.driver.close();
        ann.driver.switchTo().window(chatTab);
        assertEquals(List.of(Map.of("title", "bob mentioned you in #mention", "body", "ann, are you there?")),
                ann.js("return window.__notes;"));
        ann.waitFor(d -> "#mention · hubchat".equals(ann.driver.getTitle()) ? true : null, "counts cleared when back");
        assertEquals(1L, ann.js("return window.__asked;"), "asked once");
    }

    @Test
    void aNewMessagesDividerMarksWhereYouLeftOffAndDaysAreSeparated() {
        Browser ann = browser("ann", 1024, 720);
        Browser bob = browser("bob", 1024, 720);
        ann.join(page("away"), "ann");
        bob.join(page("away"), "bob");
        bob.send("before you left");
        ann.awaitMessage("before you left");
        assertEquals(List.of(), dividedAt(ann), "no divider while ann is here");

        String chatTab = ann.driver.getWindowHandle();
        ann.driver.switchTo().newWindow(WindowType.TAB);
        ann.driver.get("about:blank");
        bob.send("while away one");
        bob.send("while away two");
        ann.waitFor(d -> "(2) #away · hubchat".equals(ann.tabTitle("room=away")) ? true : null, "both arrived");
        ann.driver.close();
        ann.driver.switchTo().window(chatTab);
        ann.awaitMessage("while away two");
        assertEquals(List.of("while away one"), dividedAt(ann), "the divider before the first message that came while away");
        assertEquals("New messages", ann.js("return document.querySelector('#messages .new-sep').textContent;"));
        bob.send("back now");
        ann.awaitMessage("back now");
        assertEquals(List.of("while away one"), dividedAt(ann), "it stays once back");
        ann.screenshot("15-away-ann-divider");

        // Days: messages of yesterday and the day before (injected with their times), then today's.
        Browser cy = browser("cy", 1024, 720);
        cy.keepSockets();
        cy.join(page("days"), "cy");
        cy.js("""
                const day = (back) => { const d = new Date(); d.setDate(d.getDate() - back); d.setHours(12, 0, 0, 0); return d.getTime(); };
                const ws = window.__sockets.at(-1);
                for (const [id, text, back] of [['t1', 'two days ago', 2], ['t2', 'yesterday', 1]]) {
                  const frame = { type: 'message', id, from: 'zed', text, ts: day(back) };
                  ws.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) }));
                }""");
        cy.send("today");
        cy.awaitMessage("today");
        @SuppressWarnings("unchecked")
        List<String> days = (List<String>) cy.js("return [...document.querySelectorAll('#messages > li .day-sep')]"
                + ".map(e => e.textContent + ' > ' + e.parentElement.querySelector('.text').textContent);");
        assertEquals(List.of("Yesterday > yesterday", "Today > today"), days);
        cy.screenshot("15-days-cy");
    }

    @Test
    void recentRoomsAreKeptInTheBrowserOneClickAwayAndTheRoomsLinkCopies() throws Exception {
        Browser ann = browser("ann", 1024, 720);
        ann.join(page("first"), "ann");
        // the list is drawn as the welcome is handled, which may come a moment after the page says it is connected
        ann.waitFor(d -> List.of("#first (here)").equals(recentRooms(ann)) ? true : null,
                () -> "recent rooms, is " + recentRooms(ann));
        WebElement room = ann.driver.findElement(By.id("room-input"));
        room.clear();
        room.sendKeys("second", Keys.ENTER);
        ann.waitFor(d -> "second".equals(ann.text("room-name")) && "connected".equals(ann.statusState()) ? true : null,
                "in room second");
        ann.waitFor(d -> List.of("#second (here)", "#first").equals(recentRooms(ann)) ? true : null,
                () -> "recent rooms, is " + recentRooms(ann));
        ann.screenshot("16-recent-ann");

        // One click (a link, so also Enter from the keyboard) goes back to the first room, in place.
        ann.js("window.__samePage = true;");
        ann.driver.findElement(By.cssSelector("#recent-list a[data-room='first']")).sendKeys(Keys.ENTER);
        ann.waitFor(d -> "first".equals(ann.text("room-name")) && "connected".equals(ann.statusState()) ? true : null,
                "back in room first");
        assertTrue(ann.driver.getCurrentUrl().endsWith("?room=first"), ann.driver.getCurrentUrl());
        assertEquals(true, ann.js("return window.__samePage === true;"), "switched without loading the page again");
        ann.waitFor(d -> List.of("#first (here)", "#second").equals(recentRooms(ann)) ? true : null,
                () -> "recent rooms, is " + recentRooms(ann));

        // Kept in the browser: a reload still lists them.
        ann.driver.navigate().refresh();
        ann.awaitConnected();
        ann.waitFor(d -> List.of("#first (here)", "#second").equals(recentRooms(ann)) ? true : null,
                () -> "recent rooms after a reload, is " + recentRooms(ann));

        // The room's link goes to the clipboard.
        ann.driver.executeCdpCommand("Browser.grantPermissions", Map.of(
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite"),
                "origin", base.getScheme() + "://" + base.getAuthority()));
        ann.driver.findElement(By.id("copy-link")).click();
        ann.waitFor(d -> "Link to #first copied.".equals(ann.text("notice-text")) ? true : null,
                () -> "copied, notice: " + ann.text("notice-text"));
        Object copied = ann.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, e => done('failed: ' + e));");
        assertEquals(base + "?room=first", copied);
    }

    // ---- helpers ----

    /** The recent rooms listed, the current one marked "(here)". */
    @SuppressWarnings("unchecked")
    private static List<String> recentRooms(Browser b) {
        return (List<String>) b.js("return [...document.querySelectorAll('#recent-list > li')].map(li =>"
                + " li.textContent + (li.querySelector('[aria-current=page]') ? ' (here)' : ''));");
    }

    /** The texts of the messages a "new messages" divider stands above. */
    @SuppressWarnings("unchecked")
    private static List<String> dividedAt(Browser b) {
        return (List<String>) b.js("return [...document.querySelectorAll('#messages > li .new-sep')]"
                + ".map(e => e.parentElement.querySelector('.text').textContent);");
    }

    /**
     * Stands in for the browser's Notification API, as headless Chromium has no permission
     * prompt to answer: permission starts as "default", requestPermission counts its calls in
     * window.__asked and grants, and each notification is kept in window.__notes.
     */
    @Test
    void aNetworkBlipIsNeitherALeaveNorAJoinInTheOthersTimelineAndTheNickIsKept() throws Exception {
        CuttableProxy proxy = closedAfter(CuttableProxy.start(base.getPort(), PROXY_PORT));
        {
            Browser bob = browser("bob", 1024, 720);
            bob.join(page("blip"), "bob");
            Browser ann = browser("ann", 1024, 720);
            // ann reaches the server only through the proxy, so that her network can break
            ann.join(page("blip", proxy), "ann");
            bob.waitFor(d -> bob.members().contains("ann") ? true : null, "bob sees ann");
            bob.awaitMessage(say(ann, "Before the blip"));
            List<String> before = bob.systemLines();

            proxy.cut();
            ann.waitFor(d -> ann.text("status-text").startsWith("Reconnecting") ? true : null,
                    "ann's page noticed the cut, status: " + ann.text("status-text"));
            proxy.restore();
            ann.awaitConnected();
            bob.awaitMessage(say(ann, "Back after the blip"));
            assertTrue(ann.members().contains("ann") && !ann.members().contains("ann-2"), "ann kept her nick: " + ann.members());
            assertEquals(List.of("ann", "bob"), bob.members().stream().sorted().toList());
            assertEquals(before, bob.systemLines(), "within the leave grace: bob's timeline says nothing of the blip");
        }
    }

    /** Sends {@code text} from {@code b}'s page; returns it, to wait for it elsewhere. */
    private static String say(Browser b, String text) {
        b.send(text);
        b.awaitMessage(text);
        return text;
    }

    private static void fakeNotifications(Browser b) {
        b.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  window.__asked = 0;
                  window.__notes = [];
                  let permission = 'default';
                  window.Notification = class {
                    static get permission() { return permission; }
                    static requestPermission() { window.__asked += 1; permission = 'granted'; return Promise.resolve(permission); }
                    constructor(title, options) { window.__notes.push({ title, body: options.body }); }
                    close() {}
                  };
                })();"""));
    }

    /** The text of the message {@code text} as the page renders it (innerText: line breaks as shown). */
    private static String shownText(Browser b, String text) {
        return (String) b.js("""
                const li = [...document.querySelectorAll('#messages > li.msg')]
                  .find(li => li.querySelector('.text').textContent === arguments[0]);
                return li ? li.querySelector('.text').innerText : null;""", text);
    }

    @SuppressWarnings("unchecked")
    private static List<String> mentioned(Browser b) {
        return (List<String>) b.js("return [...document.querySelectorAll('#messages > li.msg.mention .text')]"
                + ".map(e => e.textContent);");
    }

}
