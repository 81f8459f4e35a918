package hubchat.config;

/** Free text: any value is valid, so nothing is refused. */
final class TextType implements SettingType<String> {

    @Override
    public String parse(String text) {
        return text;
    }

    @Override
    public String expected() {
        return "any text";
    }
}
