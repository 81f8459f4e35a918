package hubchat.endpoint;

import hubchat.protocol.OutboundFrame;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-to-client WebSocket frames (RFC 6455, unmasked, unfragmented) encoded by hand, so that a
 * whole write, text frames and ping together, leaves in one buffer. Text that is not well-formed
 * UTF-16 (a lone surrogate) cannot be encoded and is refused, as a container would refuse it.
 */
final class WireFrames {
    private static final int FIN = 0x80;
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_PING = 0x9;
    /** Largest header: 2 bytes plus an 8-byte length. */
    private static final int MAX_HEADER = 10;

    private WireFrames() {
    }

    /** {@code texts} as text frames, then a ping carrying {@code ping} unless it is null. */
    static ByteBuffer encode(List<String> texts, byte[] ping) throws CharacterCodingException {
        int capacity = ping == null ? 0 : 2 + ping.length;
        for (String t : texts) {
            capacity += MAX_HEADER + OutboundFrame.utf8Length(t);
        }
        ByteBuffer out = ByteBuffer.allocate(capacity);
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (String t : texts) {
            header(out, OPCODE_TEXT, OutboundFrame.utf8Length(t));
            CoderResult r = utf8.reset().encode(CharBuffer.wrap(t), out, true);
            if (r.isError()) {
                r.throwException();
            }
            utf8.flush(out);
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
