package hubchat.config;

import hubchat.protocol.Origin;
import java.util.List;

/**
 * What an origins setting names: these origins, or with {@code *} any origin at all.
 *
 * @param any {@code *} was given (then {@code origins} is empty)
 * @param origins the origins named, each once, in the order given
 */
record OriginList(boolean any, List<Origin> origins) {
}
