package hubchat.endpoint;

import hubchat.protocol.OutboundFrame;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Server-to-client WebSocket frames (RFC 6455, unmasked, unfragmented) encoded by hand, so that a
 * whole write, text frames and ping together, leaves in one buffer. A text frame's payload is its
 * shared UTF-8 form, so each recipient's write is a copy, not an encoding.
 */
final class WireFrames {
    private static final int FIN = 0x80;
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_PING = 0x9;
    /** Largest header: 2 bytes plus an 8-byte length. */
    private static final int MAX_HEADER = 10;

    private WireFrames() {
    }

    /** {@code frames} as text frames, then a ping carrying {@code ping} unless it is null. */
    static ByteBuffer encode(List<OutboundFrame> frames, byte[] ping) {
        int capacity = ping == null ? 0 : 2 + ping.length;
        for (OutboundFrame f : frames) {
            capacity += MAX_HEADER + f.bytes();
        }
        ByteBuffer out = ByteBuffer.allocate(capacity);
        for (OutboundFrame f : frames) {
            byte[] payload = f.utf8();
            header(out, OPCODE_TEXT, payload.length);
            out.put(payload);
        }
        if (ping != null) {
            header(out, OPCODE_PING, ping.length);
            out.put(ping);
        }
        return out.flip();
    }

    private static void header(ByteBuffer out, int opcode, long length) {
        out.put((byte) (FIN | opcode));
        if (length < 126) {
            out.put((byte) length);
        } else if (length <= 0xFFFF) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
    }
}
