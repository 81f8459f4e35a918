-- Version 1 of hubchat's tables. Portable SQL: HSQLDB and PostgreSQL run it as it is.
-- Lengths are in characters and generous: the protocol's limits are checked before a row is made.

-- One row per room that ever had a message: the last sequence number given, kept when retention
-- deletes the messages, so that a room's numbers never start over.
CREATE TABLE hubchat_rooms (
    room VARCHAR(256) NOT NULL PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

-- The last message number given, in one row: numbers are unique across rooms and never reused.
CREATE TABLE hubchat_numbers (
    last_num BIGINT NOT NULL
);
INSERT INTO hubchat_numbers (last_num) VALUES (0);

-- Every kept message. seq is dense per room across restarts (a room's order); num is unique in
-- the database; epoch names the start of the node that stored it. The message's id is
-- epoch-num, so an id from the lost tail of a restored backup never names a newer message.
CREATE TABLE hubchat_messages (
    room VARCHAR(256) NOT NULL,
    seq BIGINT NOT NULL,
    num BIGINT NOT NULL UNIQUE,
    epoch VARCHAR(32) NOT NULL,
    sent_at BIGINT NOT NULL,
    sender VARCHAR(256) NOT NULL,
    origin VARCHAR(256),
    cid VARCHAR(256),
    body VARCHAR(8000) NOT NULL,
    PRIMARY KEY (room, seq)
);

CREATE INDEX hubchat_messages_sent_at ON hubchat_messages (sent_at);
