/**
 * Room and nick: the rules they must follow (the same as the server's, see docs/protocol.md)
 * and where they are kept. The room lives in the page URL (?room=NAME, or #NAME) so a link
 * can be shared; the nick is remembered in localStorage so a reload keeps it.
 */

export const DEFAULT_ROOM = 'lobby';
export const ROOM_RULE = /^[A-Za-z0-9_-]{1,64}$/;
export const ROOM_RULE_TEXT = '1 to 64 letters, digits, "-" or "_"';
export const NICK_MAX_CHARS = 32;

const NICK_STORAGE_KEY = 'hubchat.nick';
/** Control, format and line/paragraph separator characters: not allowed in a nick. */
const NICK_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function isValidRoom(room) {
  return typeof room === 'string' && ROOM_RULE.test(room);
}

/** The nick as the server will see it: trimmed. */
export function cleanNick(raw) {
  return String(raw ?? '').trim();
}

/** Why a (cleaned) nick would be refused, or null when it is fine. */
export function nickProblem(nick) {
  const length = [...nick].length; // code points, not UTF-16 units
  if (length === 0) return 'Please choose a nickname.';
  if (length > NICK_MAX_CHARS) return `A nickname can have at most ${NICK_MAX_CHARS} characters.`;
  if (NICK_FORBIDDEN.test(nick)) return 'A nickname cannot contain control or invisible characters.';
  return null;
}

/** The room named by a URL (?room=NAME first, then #NAME), or null when it names none. */
export function roomFromUrl(href = location.href) {
  const url = new URL(href);
  const query = url.searchParams.get('room');
  if (query !== null && query.trim() !== '') return query.trim();
  return roomFromHash(url.hash);
}

/** The room named by a fragment ("#lobby"), or null. */
export function roomFromHash(hash) {
  let name = hash.replace(/^#/, '');
  try {
    name = decodeURIComponent(name);
  } catch {
    // leave a malformed escape as it is: validation will refuse it
  }
  return name.trim() || null;
}

/** The address of this page showing `room`, in the canonical ?room=NAME form. */
export function urlForRoom(room, href = location.href) {
  const url = new URL(href);
  url.searchParams.set('room', room);
  url.hash = '';
  return url.href;
}

export function loadNick() {
  try {
    return localStorage.getItem(NICK_STORAGE_KEY) || '';
  } catch {
    return ''; // storage disabled (privacy mode): just ask again
  }
}

export function saveNick(nick) {
  try {
    localStorage.setItem(NICK_STORAGE_KEY, nick);
  } catch {
    // storage disabled or full: the nick is simply not remembered
  }
}
