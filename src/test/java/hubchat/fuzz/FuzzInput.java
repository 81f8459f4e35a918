package hubchat.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Script} reads its choices from: the two calls it makes on Jazzer's
 * {@link FuzzedDataProvider}, so that {@link SeedBytes} can stand in for it when seeds are made.
 */
interface FuzzInput {
    /** Ends a string: 0xFF is never part of UTF-8, so no string loses anything to it. */
    int END_OF_STRING = 0xFF;

    /** A whole number from {@code min} to {@code max}, both included (taken from the end of the input). */
    int pick(int min, int max);

    /** Up to {@code n} bytes (taken from the front of the input); fewer once it runs out. */
    byte[] take(int n);

    /**
     * Bytes up to the next {@link #END_OF_STRING} (taken, not included), or {@code max} of them,
     * read as UTF-8 (a malformed sequence becomes U+FFFD). A string ends where a byte says so,
     * not after a count, so that inserting or erasing a byte inside one leaves the rest of the
     * input meaning what it meant: the mutations of a string stay in it.
     */
    default String text(int max) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] b;
        while (bytes.size() < max && (b = take(1)).length == 1 && (b[0] & 0xFF) != END_OF_STRING) {
            bytes.write(b[0]);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static FuzzInput of(FuzzedDataProvider data) {
        return new FuzzInput() {
            @Override
            public int pick(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public byte[] take(int n) {
                return data.consumeBytes(n);
            }
        };
    }
}
