-- Version 3: the stable user id of a message's sender (the message frame's fromId), where the
-- server checks identity (a signed token, or the container's login). Null for an anonymous
-- sender, and for every message stored before this version. The cid memory knows a sender by it
-- when it is there. Portable SQL: HSQLDB and PostgreSQL run it as it is. As long as an identity's
-- longest user id.
ALTER TABLE hubchat_messages ADD COLUMN from_id VARCHAR(256);

-- The archive of a chat on Redis keeps it too, for pages older than what Redis holds.
ALTER TABLE hubchat_archive ADD COLUMN from_id VARCHAR(256);
