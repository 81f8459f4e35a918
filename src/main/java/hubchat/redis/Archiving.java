package hubchat.redis;

/**
 * Whether an append also puts the message in the room's archive stream, for a database archive
 * (see {@code append.lua} and {@link ArchiveStreams}).
 */
enum Archiving {
    /** No archive. */
    OFF("off"),
    /** Archived, if the room has an archive stream; else nothing is stored: register the room first. */
    ON("on"),
    /** Archived; the room was registered in the archive's registry right before, so its stream may be made. */
    REGISTERED("registered");

    private final String word;

    Archiving(String word) {
        this.word = word;
    }

    /** How the append script takes it. */
    String word() {
        return word;
    }
}
