package hubchat.store;

/**
 * How a store keeps history: the epoch of this start (see {@link MessageRow}), what each room
 * keeps in memory ({@code cacheMessages}, {@code cacheBytes}) and for how long once closed
 * ({@code idleMillis}), and what the database keeps ({@code retainMessages} per room, for
 * {@code retainDays} days; 0 days: no limit by age).
 */
record StoreOptions(String epoch, int cacheMessages, long cacheBytes, long idleMillis, int retainMessages, int retainDays) {
}
