package hubchat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * The SQL of the store, in portable SQL: every statement runs on HSQLDB and PostgreSQL alike
 * (row limits through JDBC's {@code setMaxRows}, not a dialect's {@code LIMIT}). Each method uses
 * the connection it is given and leaves its transaction to the caller.
 */
final class MessageTable {
    private static final String COLUMNS = "room, seq, num, epoch, sent_at, sender, from_id, origin, cid, body";

    private MessageTable() {
    }

    /** The last seq a room was given, if it ever had a message. */
    static OptionalLong lastSeq(Connection c, String room) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT last_seq FROM hubchat_rooms WHERE room = ?")) {
            s.setString(1, room);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Records the last seq given in each room: an update where the room has a row, else an insert. */
    static void saveLastSeq(Connection c, String room, long seq, boolean hasRow) throws SQLException {
        String sql = hasRow ? "UPDATE hubchat_rooms SET last_seq = ? WHERE room = ?"
                : "INSERT INTO hubchat_rooms (last_seq, room) VALUES (?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, seq);
            s.setString(2, room);
            s.executeUpdate();
        }
    }

    static void insert(Connection c, List<MessageRow> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO hubchat_messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (MessageRow m : rows) {
                s.setString(1, m.room());
                s.setLong(2, m.seq());
                s.setLong(3, m.num());
                s.setString(4, m.epoch());
                s.setLong(5, m.sentAt());
                s.setString(6, m.sender());
                s.setString(7, m.senderId());
                s.setString(8, m.origin());
                s.setString(9, m.cid());
                s.setString(10, m.text());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Up to {@code limit} newest messages before {@code beforeSeq} (exclusive), oldest first. */
    static List<MessageRow> before(Connection c, String room, long beforeSeq, int limit) throws SQLException {
        List<MessageRow> rows = query(c, "SELECT " + COLUMNS + " FROM hubchat_messages WHERE room = ? AND seq < ? ORDER BY seq DESC",
                room, beforeSeq, limit);
        Collections.reverse(rows);
        return rows;
    }

    /** Up to {@code limit} messages after {@code afterSeq}, oldest first. */
    static List<MessageRow> after(Connection c, String room, long afterSeq, int limit) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM hubchat_messages WHERE room = ? AND seq > ? ORDER BY seq",
                room, afterSeq, limit);
    }

    /** The seq in {@code room} of the message {@code at} names, if the room keeps it. */
    static OptionalLong seqOf(Connection c, String room, MessageRow.Position at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM hubchat_messages WHERE room = ? AND num = ? AND epoch = ?")) {
            s.setString(1, room);
            s.setLong(2, at.num());
            s.setString(3, at.epoch());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The last message number given in the database. */
    static long lastNum(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT last_num FROM hubchat_numbers"); ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("hubchat_numbers has no row");
            }
            return r.getLong(1);
        }
    }

    static void saveLastNum(Connection c, long num) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE hubchat_numbers SET last_num = ?")) {
            s.setLong(1, num);
            s.executeUpdate();
        }
    }

    private static List<MessageRow> query(Connection c, String sql, String room, long seq, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, room);
            s.setLong(2, seq);
            s.setMaxRows(limit);
            List<MessageRow> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new MessageRow(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4), r.getLong(5),
                            r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10)));
                }
            }
            return rows;
        }
    }
}
