/**
 * Day separators: where the timeline passes from one local calendar day to the next, and how
 * that day is named ("Today", "Yesterday", or its date). Pure: no DOM here.
 */

const dateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dateYearFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
});

/** The local calendar day of a time (ms since the epoch), as a comparable key. */
export function dayKey(ts) {
  const date = new Date(ts);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** "Today", "Yesterday", or the date (with its year when not this year's). */
export function dayLabel(ts, now = Date.now()) {
  if (dayKey(ts) === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (dayKey(ts) === dayKey(yesterday.getTime())) return 'Yesterday';
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return (sameYear ? dateFormat : dateYearFormat).format(new Date(ts));
}

/**
 * For entries in display order ({key, ts}), the keys of those that start a new day after the
 * entry before them, each with its day's label. The first entry starts none: there is no day
 * before it to tell it from.
 * @returns {Map<string, string>}
 */
export function daySeparators(entries, now = Date.now()) {
  const separators = new Map();
  let previous = null;
  for (const entry of entries) {
    const day = dayKey(entry.ts);
    if (previous !== null && day !== previous) separators.set(entry.key, dayLabel(entry.ts, now));
    previous = day;
  }
  return separators;
}
