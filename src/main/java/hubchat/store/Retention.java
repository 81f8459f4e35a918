package hubchat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The retention of every table that keeps messages ({@code hubchat_messages} of the store,
 * {@code hubchat_archive} of a chat on Redis), by the same two settings: per room by count
 * ({@code CHAT_RETAIN_MESSAGES}, kept at every commit: the rows numbered at or below the room's
 * last number less the count go) and by age ({@code CHAT_RETAIN_DAYS}, in the background).
 * Table and column names are this package's constants, never input.
 */
final class Retention {
    /** The messages table and its dense per-room number. */
    static final Retention MESSAGES = new Retention("hubchat_messages", "seq");
    /** The archive table and its per-room number, given in the order rows were archived. */
    static final Retention ARCHIVE = new Retention("hubchat_archive", "num");
    private static final long DAY_MILLIS = 86_400_000L;

    private final String table;
    private final String number;

    private Retention(String table, String number) {
        this.table = table;
        this.number = number;
    }

    /** Keeps the newest {@code retainMessages} of a room whose last row is numbered {@code last}. */
    void keepNewest(Connection c, String room, long last, int retainMessages) throws SQLException {
        if (last <= retainMessages) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE room = ? AND " + number + " <= ?")) {
            s.setString(1, room);
            s.setLong(2, last - retainMessages);
            s.executeUpdate();
        }
    }

    /** Deletes every row sent more than {@code retainDays} before {@code now} (none for 0 days); returns how many. */
    int dropOlderThan(Connection c, long now, int retainDays) throws SQLException {
        if (retainDays == 0) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE sent_at < ?")) {
            s.setLong(1, cutoff(now, retainDays));
            return s.executeUpdate();
        }
    }

    /** The oldest time a row sent at may have for {@code retainDays} kept at {@code now}. */
    static long cutoff(long now, int retainDays) {
        return now - retainDays * DAY_MILLIS;
    }
}
