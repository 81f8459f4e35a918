package hubchat.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated items, each trimmed ({@code a, b}). Nothing at all is the empty list; an empty
 * item ({@code a,,b}, or a trailing comma) is refused as the slip it most likely is: a missing
 * entry that would otherwise go unnoticed.
 */
final class ListType implements SettingType<List<String>> {

    @Override
    public List<String> parse(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        String[] parts = text.split(",", -1); // -1 keeps trailing empty items, to refuse them
        List<String> items = new ArrayList<>(parts.length);
        for (String part : parts) {
            String item = part.trim();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("item " + (items.size() + 1) + " of " + parts.length + " is empty");
            }
            items.add(item);
        }
        return List.copyOf(items);
    }

    @Override
    public String expected() {
        return "nothing, or comma-separated items, none of them empty";
    }
}
