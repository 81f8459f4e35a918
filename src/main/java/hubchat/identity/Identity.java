package hubchat.identity;

import hubchat.protocol.Names;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a connection's user is, as the handshake proved it (a signed token, or the container's
 * login): a stable user id, the name to show, and the rooms the user may enter. Without an
 * identity (the default) a client is whoever its nick says.
 *
 * @param userId stable and unique per user (a token's {@code sub}, the container's user name);
 *        messages carry it as {@code fromId}, and re-sends are recognised by it
 * @param name the display name the issuer gave, or null (then the user id is shown)
 * @param rooms the rooms this identity may enter, or null for any
 */
public record Identity(String userId, String name, Set<String> rooms) {
    /** Longest user id accepted, in characters: it is stored with every message the user sends. */
    public static final int MAX_USER_ID_LENGTH = 256;

    public Identity {
        Objects.requireNonNull(userId, "userId");
        rooms = rooms == null ? null : Set.copyOf(rooms);
    }

    /** Whether this identity may enter {@code room}. */
    public boolean mayEnter(String room) {
        return rooms == null || rooms.contains(room);
    }

    /**
     * The nick shown for this user: its name if that is a valid nick, else its user id if that
     * is one, else empty (the room then gives it a guest name).
     */
    public Optional<String> nick() {
        Optional<String> fromName = name == null ? Optional.empty() : Names.cleanNick(name);
        return fromName.isPresent() ? fromName : Names.cleanNick(userId);
    }

    /** Never the rooms or more: an identity may be logged only as its user id. */
    @Override
    public String toString() {
        return "Identity[" + userId + "]";
    }
}
