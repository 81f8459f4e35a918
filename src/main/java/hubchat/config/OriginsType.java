package hubchat.config;

import hubchat.protocol.Origin;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Comma-separated web origins, {@code scheme://host[:port]} (see {@link Origin#parse}), e.g.
 * {@code https://chat.example.com, http://localhost:8080}; one trailing {@code /} on an item is
 * forgiven (it is how addresses are often copied). Optionally {@code *} alone for any origin,
 * and optionally nothing. An item that is not an origin is refused at start-up rather than
 * left to never match, which would lock out the browsers it was meant for without a word.
 */
final class OriginsType implements SettingType<OriginList> {
    private static final String ANY = "*";

    private final ListType items = new ListType();
    private final boolean anyAllowed;
    private final boolean emptyAllowed;

    OriginsType(boolean anyAllowed, boolean emptyAllowed) {
        this.anyAllowed = anyAllowed;
        this.emptyAllowed = emptyAllowed;
    }

    @Override
    public OriginList parse(String text) {
        List<String> given = items.parse(text);
        if (given.isEmpty()) {
            if (!emptyAllowed) {
                throw new IllegalArgumentException("no origin");
            }
            return new OriginList(false, List.of());
        }
        if (given.contains(ANY)) {
            if (!anyAllowed) {
                throw new IllegalArgumentException("* is not allowed here");
            }
            if (given.size() > 1) {
                throw new IllegalArgumentException("* stands alone: it already allows every origin");
            }
            return new OriginList(true, List.of());
        }
        Set<Origin> origins = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String item = given.get(i);
            try {
                origins.add(Origin.parse(item.endsWith("/") ? item.substring(0, item.length() - 1) : item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("item " + (i + 1) + " of " + given.size() + " is not an origin: "
                        + e.getMessage());
            }
        }
        return new OriginList(false, List.copyOf(origins));
    }

    @Override
    public String expected() {
        return (emptyAllowed ? "nothing, or " : "")
                + "comma-separated origins scheme://host[:port] (http or https; no path, user info, query or fragment)"
                + (anyAllowed ? ", or * alone for any origin" : "");
    }
}
