package hubchat.config;

/** A count (messages, rooms, frames, threads): a whole number from a minimum to {@link Integer#MAX_VALUE}. */
final class IntegerType implements SettingType<Integer> {
    private final int min;

    IntegerType(int min) {
        this.min = min;
    }

    @Override
    public Integer parse(String text) {
        // The bound keeps the cast exact.
        return (int) WholeNumber.parse(text, min, Integer.MAX_VALUE);
    }

    @Override
    public String expected() {
        return "a whole number " + WholeNumber.range(min, Integer.MAX_VALUE);
    }
}
