package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.joined;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stopping the application (CDI shuts the hub down) closes every connection with 1001. */
class ShutdownTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with();

    @Test
    void stoppingTheServerClosesEveryConnectionWith1001() throws Exception {
        try (JdkChatClient ann = joined(SERVER, "lobby", "ann");
             JdkChatClient bob = joined(SERVER, "other", "bob")) {
            Chat.post(ann, "before shutdown");
            SERVER.stop();
            // the token shows the hub closed it, not just the server
            assertClosedFor(Disconnect.RESTARTING, ann.awaitClose(WAIT), ann.closeReason());
            assertEquals(Disconnect.RESTARTING.code(), bob.awaitClose(WAIT));
        }
    }
}
