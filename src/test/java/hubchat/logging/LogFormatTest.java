package hubchat.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CHAT_LOG_FORMAT: json gives the hubchat loggers one JSON handler of their own and no parent's; text undoes it. */
class LogFormatTest {
    private final Logger hubchat = Logger.getLogger(LogFormat.ROOT);

    @AfterEach
    void backToText() {
        LogFormat.apply("text");
    }

    @Test
    void jsonInstallsOneJsonHandlerHowEverOftenAppliedAndTextRemovesIt() {
        LogFormat.apply("json");
        LogFormat.apply("json"); // a redeployment applies it again
        Handler[] handlers = jsonHandlers();
        assertEquals(1, handlers.length);
        assertTrue(handlers[0].getFormatter() instanceof JsonLogFormatter);
        assertFalse(hubchat.getUseParentHandlers(), "each line once, as JSON, not in the container's log too");

        LogFormat.apply("text");
        assertEquals(0, jsonHandlers().length);
        assertTrue(hubchat.getUseParentHandlers());
    }

    private Handler[] jsonHandlers() {
        return Arrays.stream(hubchat.getHandlers()).filter(h -> h instanceof LogFormat.StandardOutput).toArray(Handler[]::new);
    }
}
