package hubchat.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte layout of Jazzer's {@code FuzzedDataProvider} (libFuzzer's), for the two calls a
 * {@link Script} makes, so that seed inputs can be written from readable scripts
 * ({@link FuzzSeeds}): {@code consumeBytes} takes bytes from the front of the input (strings,
 * each ended by {@link FuzzInput#END_OF_STRING});
 * {@code consumeInt(min, max)} takes from the back as many bytes as the range needs, the last
 * byte first and most significant, and returns {@code min + value % (max - min + 1)}. A range
 * of one value takes no byte. {@link Reader} reads that layout back, as Jazzer does.
 */
final class SeedBytes {

    private SeedBytes() {
    }

    /** Bytes a pick from {@code min} to {@code max} takes. */
    private static int width(int min, int max) {
        long range = (long) max - min;
        int n = 0;
        while (n < Integer.BYTES && (range >>> (8 * n)) > 0) {
            n++;
        }
        return n;
    }

    /** Writes choices in the order a {@link Script} reads them. */
    static final class Writer {
        private final ByteArrayOutputStream front = new ByteArrayOutputStream();
        /** Back bytes in the order they are consumed: the input ends with them reversed. */
        private final List<Byte> back = new ArrayList<>();

        Writer pick(int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " not in " + min + ".." + max);
            }
            long offset = (long) value - min;
            for (int i = width(min, max) - 1; i >= 0; i--) {
                back.add((byte) (offset >>> (8 * i)));
            }
            return this;
        }

        Writer take(byte[] bytes) {
            front.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            byte[] out = Arrays.copyOf(front.toByteArray(), front.size() + back.size());
            for (int i = 0; i < back.size(); i++) {
                out[out.length - 1 - i] = back.get(i);
            }
            return out;
        }
    }

    /** Reads the layout above: what Jazzer's provider returns for the same bytes. */
    static final class Reader implements FuzzInput {
        private final byte[] data;
        private int start;
        private int end;

        Reader(byte[] data) {
            this.data = data;
            this.end = data.length;
        }

        @Override
        public int pick(int min, int max) {
            long range = (long) max - min;
            long value = 0;
            for (int i = 0; i < width(min, max) && end > start; i++) {
                value = (value << 8) | (data[--end] & 0xFF);
            }
            return (int) (min + value % (range + 1));
        }

        @Override
        public byte[] take(int n) {
            int count = Math.min(n, end - start);
            byte[] out = Arrays.copyOfRange(data, start, start + count);
            start += count;
            return out;
        }
    }
}
