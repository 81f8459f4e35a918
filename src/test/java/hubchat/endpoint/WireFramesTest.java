package hubchat.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.protocol.OutboundFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-encoded server frames: the three length forms of RFC 6455 and pings. */
class WireFramesTest {

    @Test
    void textFramesUseTheShortestLengthFormAndAPingComesLast() {
        String small = "héllo"; // 6 bytes of UTF-8
        String medium = "m".repeat(300);
        String large = "\uD83D\uDE00".repeat(20_000); // 80,000 bytes
        ByteBuffer out = WireFrames.encode(List.of(OutboundFrame.of(small), OutboundFrame.of(medium), OutboundFrame.of(large)), new byte[] {7, 8});

        assertEquals(0x81, out.get() & 0xFF, "FIN + text");
        assertEquals(6, out.get());
        assertEquals(small, text(out, 6));

        assertEquals(0x81, out.get() & 0xFF);
        assertEquals(126, out.get());
        assertEquals(300, out.getShort() & 0xFFFF);
        assertEquals(medium, text(out, 300));

        assertEquals(0x81, out.get() & 0xFF);
        assertEquals(127, out.get());
        assertEquals(80_000L, out.getLong());
        assertEquals(large, text(out, 80_000));

        assertEquals(0x89, out.get() & 0xFF, "FIN + ping");
        assertEquals(2, out.get());
        byte[] ping = new byte[2];
        out.get(ping);
        assertArrayEquals(new byte[] {7, 8}, ping);
        assertEquals(0, out.remaining(), "nothing after the ping");
    }

    @Test
    void aWriteWithoutFramesIsJustThePing() {
        ByteBuffer out = WireFrames.encode(List.of(), new byte[0]);
        assertEquals(2, out.remaining());
        assertEquals(0x89, out.get() & 0xFF);
        assertEquals(0, out.get());
    }

    private static String text(ByteBuffer in, int bytes) {
        byte[] b = new byte[bytes];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
