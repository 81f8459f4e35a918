package hubchat.engine;

/** The answer to an append: the stored message, and whether it was stored before (a re-send of its cid). */
public record Appended(Stored stored, boolean earlier) {
}
