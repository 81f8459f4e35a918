package hubchat.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of a service (e.g. {@code redis://host:6379/0}, {@code https://auth.example}):
 * nothing, meaning not configured, or an absolute URL with one of the schemes the setting allows
 * and a host name. Only the syntax is checked here; whether the service answers is for the code
 * that connects to it. A URL may carry a password ({@code rediss://user:pw@host}), so
 * {@link #show} masks whatever stands before the host.
 */
final class UrlType implements SettingType<Optional<URI>> {
    /** The scheme and {@code //}, then user info up to its {@code @} (which ends before any path, query or fragment). */
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");
    private static final int MAX_PORT = 65535;

    private final List<String> schemes;

    UrlType(List<String> schemes) {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("a URL setting names the schemes it allows");
        }
        this.schemes = schemes;
    }

    @Override
    public Optional<URI> parse(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // getReason(), unlike getMessage(), does not quote the text, which show() may have to mask.
            throw new IllegalArgumentException("not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("no scheme");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new IllegalArgumentException("scheme " + scheme + " not allowed");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host name (or one with characters a host name cannot have)");
        }
        if (uri.getPort() > MAX_PORT) {
            throw new IllegalArgumentException("port above " + MAX_PORT);
        }
        return Optional.of(uri);
    }

    @Override
    public String expected() {
        return "nothing (not set), or a URL " + String.join(", ", schemes.stream().map(s -> s + "://").toList())
                + " with a host (e.g. " + schemes.get(0) + "://host:port)";
    }

    @Override
    public String show(String text) {
        return USER_INFO.matcher(text).replaceFirst("$1" + Secret.MASK + "@");
    }
}
