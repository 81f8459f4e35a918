package hubchat.store;

import hubchat.archive.ArchivedMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of the archive of a chat on Redis ({@code hubchat_archive}, {@code hubchat_archive_rooms}),
 * portable as {@link MessageTable}'s: HSQLDB and PostgreSQL alike, row limits through JDBC's
 * {@code setMaxRows}. Each method uses the connection it is given and leaves its transaction to
 * the caller.
 */
final class ArchiveTable {
    private static final String COLUMNS = "msg_id, pos_ms, pos_seq, sent_at, sender, from_id, origin, cid, body";
    /** Most ids in one {@code IN} list: well below every database's limit on parameters. */
    private static final int IN_LIST = 100;

    private ArchiveTable() {
    }

    /**
     * Locks {@code room}'s row of {@code hubchat_archive_rooms} until the transaction ends (made
     * if missing) and returns its last number. Another archiver of the room waits here until this
     * transaction ends, then sees what it committed; where two make the missing row at once, one
     * gets a unique violation (SQLState class 23) and tries again.
     */
    static long lockRoom(Connection c, String room) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE hubchat_archive_rooms SET last_num = last_num WHERE room = ?")) {
            s.setString(1, room);
            if (s.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO hubchat_archive_rooms (room, last_num) VALUES (?, 0)")) {
                    insert.setString(1, room);
                    insert.executeUpdate();
                }
                return 0;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT last_num FROM hubchat_archive_rooms WHERE room = ?")) {
            s.setString(1, room);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("the archive row of room " + room + " is gone");
                }
                return r.getLong(1);
            }
        }
    }

    static void saveLastNum(Connection c, String room, long num) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE hubchat_archive_rooms SET last_num = ? WHERE room = ?")) {
            s.setLong(1, num);
            s.setString(2, room);
            s.executeUpdate();
        }
    }

    /** Which of {@code ids} {@code room} has archived. */
    static Set<String> archived(Connection c, String room, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            String marks = String.join(", ", Collections.nCopies(part.size(), "?"));
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT msg_id FROM hubchat_archive WHERE room = ? AND msg_id IN (" + marks + ")")) {
                s.setString(1, room);
                for (int i = 0; i < part.size(); i++) {
                    s.setString(i + 2, part.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(r.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** Inserts {@code rows} of {@code room}, numbered from {@code firstNum} in the order given. */
    static void insert(Connection c, String room, List<ArchivedMessage> rows, long firstNum) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO hubchat_archive (room, num, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long num = firstNum;
            for (ArchivedMessage m : rows) {
                s.setString(1, room);
                s.setLong(2, num++);
                s.setString(3, m.id());
                s.setLong(4, m.posMs());
                s.setLong(5, m.posSeq());
                s.setLong(6, m.sentAt());
                s.setString(7, m.sender());
                s.setString(8, m.senderId());
                s.setString(9, m.origin());
                s.setString(10, m.cid());
                s.setString(11, m.text());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The archived message {@code id} of {@code room}, if it is there. */
    static Optional<ArchivedMessage> find(Connection c, String room, String id, int timeoutSeconds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM hubchat_archive WHERE room = ? AND msg_id = ?")) {
            s.setQueryTimeout(timeoutSeconds);
            s.setString(1, room);
            s.setString(2, id);
            List<ArchivedMessage> found = read(s);
            return found.stream().findFirst();
        }
    }

    /** Up to {@code limit} messages of {@code room} just before {@code at} in the room's order, oldest first. */
    static List<ArchivedMessage> before(Connection c, String room, ArchivedMessage at, int limit, int timeoutSeconds)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM hubchat_archive"
                + " WHERE room = ? AND (pos_ms < ? OR (pos_ms = ? AND pos_seq < ?))"
                + " ORDER BY pos_ms DESC, pos_seq DESC")) {
            s.setQueryTimeout(timeoutSeconds);
            s.setString(1, room);
            s.setLong(2, at.posMs());
            s.setLong(3, at.posMs());
            s.setLong(4, at.posSeq());
            s.setMaxRows(limit);
            List<ArchivedMessage> rows = read(s);
            Collections.reverse(rows);
            return rows;
        }
    }

    private static List<ArchivedMessage> read(PreparedStatement s) throws SQLException {
        List<ArchivedMessage> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(new ArchivedMessage(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getString(5),
                        r.getString(6), r.getString(7), r.getString(8), r.getString(9)));
            }
        }
        return rows;
    }
}
