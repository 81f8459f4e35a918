package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The second line of defence: a frame that is not well-formed UTF-16 cannot be made, so it can
 * be neither stored nor sent; a message exists only with a frame that can be written.
 */
class UnencodableFramesTest {
    private static final String LONE = "\uD800";

    @Test
    void aFrameWithAnUnpairedSurrogateCannotBeMade() {
        assertThrows(UnencodableFrameException.class, () -> OutboundFrame.of("{\"text\":\"" + LONE + "\"}"));
        assertThrows(UnencodableFrameException.class, () -> OutboundFrame.of("\uDC00"));
        UnencodableFrameException e = assertThrows(UnencodableFrameException.class, () -> OutboundFrame.of("x" + LONE));
        assertFalse(e.getMessage().contains(LONE), "the exception never quotes the frame");
    }

    @Test
    void aMessageWhoseFrameCannotBeMadeDoesNotExist() {
        assertThrows(UnencodableFrameException.class, () -> new ChatMessage("i-1", "lobby", "ann", null, "a" + LONE, 5));
        assertThrows(UnencodableFrameException.class, () -> new ChatMessage("i-1", "lobby", LONE, null, "hi", 5));
        assertThrows(UnencodableFrameException.class, () -> new ChatMessage("i-1", "lobby", "ann", "u" + LONE, "hi", 5));
    }

    @Test
    void everyFrameMakerRefusesAnUnpairedSurrogate() {
        ChatMessage ok = new ChatMessage("i-1", "lobby", "ann", null, "hi", 5);
        assertThrows(UnencodableFrameException.class, () -> Frames.message(ok, LONE), "a sender's cid");
        assertThrows(UnencodableFrameException.class, () -> Frames.nick("ann", LONE));
        assertThrows(UnencodableFrameException.class, () -> Frames.typing(LONE));
        assertThrows(UnencodableFrameException.class, () -> Frames.presence(List.of(LONE), List.of(), 1));
        assertThrows(UnencodableFrameException.class, () -> Frames.welcome("lobby", LONE, List.of(), 1, List.of(), false, "secret"));
        assertThrows(UnencodableFrameException.class, () -> Frames.error(ErrorCode.BAD_REQUEST, LONE));
        assertThrows(UnencodableFrameException.class, () -> Frames.requireEncodable("c" + LONE));
        Frames.requireEncodable(null);
        Frames.requireEncodable("c-\uD83D\uDE00");
    }
}
