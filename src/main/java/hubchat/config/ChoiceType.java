package hubchat.config;

import java.util.List;
import java.util.Locale;

/** One word out of a fixed list, in any case; the value is the word as the list spells it. */
final class ChoiceType implements SettingType<String> {
    private final List<String> choices;

    ChoiceType(List<String> choices) {
        this.choices = List.copyOf(choices);
    }

    @Override
    public String parse(String text) {
        String word = text.toLowerCase(Locale.ROOT);
        if (!choices.contains(word)) {
            throw new IllegalArgumentException("not one of " + String.join(", ", choices));
        }
        return word;
    }

    @Override
    public String expected() {
        return "one of " + String.join(", ", choices);
    }
}
