-- Version 2: the archive of a chat on Redis (CHAT_REDIS_URL with CHAT_DB_URL or CHAT_DB_JNDI).
-- Redis keeps each room's recent history; every message it stores is written here once, by
-- whichever node's archiver takes it. Portable SQL: HSQLDB and PostgreSQL run it as it is.

-- One row per room ever archived: the last number given to its rows (in the order they were
-- archived), so that retention keeps its newest CHAT_RETAIN_MESSAGES. Archivers of one room
-- lock this row first, so they take turns and each sees what the one before committed.
CREATE TABLE hubchat_archive_rooms (
    room VARCHAR(256) NOT NULL PRIMARY KEY,
    last_num BIGINT NOT NULL
);

-- Every archived message. msg_id is the id clients know (EPOCH-SEQ, from Redis), which never
-- names two messages of a room: the key that makes archiving idempotent. pos_ms and pos_seq
-- are its entry id in the room's archive stream, given in the same atomic step that stored the
-- message, so they follow the room's order (Redis' clock in ms, then a counter within a ms):
-- pages sort by them. num is the order rows were archived in, for the count bound only.
CREATE TABLE hubchat_archive (
    room VARCHAR(256) NOT NULL,
    msg_id VARCHAR(64) NOT NULL,
    pos_ms BIGINT NOT NULL,
    pos_seq BIGINT NOT NULL,
    num BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    sender VARCHAR(256) NOT NULL,
    origin VARCHAR(256),
    cid VARCHAR(256),
    body VARCHAR(8000) NOT NULL,
    PRIMARY KEY (room, msg_id)
);

CREATE INDEX hubchat_archive_order ON hubchat_archive (room, pos_ms, pos_seq);
CREATE INDEX hubchat_archive_num ON hubchat_archive (room, num);
CREATE INDEX hubchat_archive_sent_at ON hubchat_archive (sent_at);
