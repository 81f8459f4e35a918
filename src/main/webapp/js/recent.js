/**
 * The rooms the user has been in, most recent first, as kept in localStorage: the rule for the
 * list (no repeats, valid names only, at most RECENT_MAX). Pure: storage is prefs.js's job.
 */

import { isValidRoom } from './prefs.js';

/** Most rooms remembered. */
export const RECENT_MAX = 8;

/** The list with `room` first (moved up if it was there), cut to `max`. */
export function withRecent(list, room, max = RECENT_MAX) {
  if (!isValidRoom(room)) return cleanRecent(list, max);
  return [room, ...cleanRecent(list, max).filter((r) => r !== room)].slice(0, max);
}

/** What was stored, as a list to use: anything else than valid room names, or repeats, dropped. */
export function cleanRecent(value, max = RECENT_MAX) {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter(isValidRoom))].slice(0, max);
}
