package hubchat.config;

/**
 * A secret (a key, a password): nothing (not set), or at least a minimum length. Shown as
 * {@link Secret#MASK}, in the start-up line and in error messages alike, and its value is a
 * {@link Secret}, whose {@code toString} masks it too.
 */
final class SecretType implements SettingType<Secret> {
    private final int minLength;

    SecretType(int minLength) {
        this.minLength = minLength;
    }

    @Override
    public Secret parse(String text) {
        if (!text.isEmpty() && text.length() < minLength) {
            // The rule only, not the length given: nothing about a secret's text is told.
            throw new IllegalArgumentException("shorter than " + minLength + " characters");
        }
        return new Secret(text);
    }

    @Override
    public String expected() {
        return "nothing (not set), or a secret of at least " + minLength + " characters";
    }

    @Override
    public String show(String text) {
        return Secret.MASK;
    }
}
