package hubchat.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Where a {@link Script} reads its choices from: the two calls it makes on Jazzer's
 * {@link FuzzedDataProvider}, so that {@link SeedBytes} can stand in for it when seeds are made.
 */
interface FuzzInput {

    /** A whole number from {@code min} to {@code max}, both included (taken from the end of the input). */
    int pick(int min, int max);

    /** Up to {@code n} bytes (taken from the front of the input); fewer once it runs out. */
    byte[] take(int n);

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
