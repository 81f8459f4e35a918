/**
 * Room and nick: the rules they must follow (the same as the server's, see docs/protocol.md)
 * and where they are kept. The room lives in the page URL (?room=NAME, or #NAME) so a link
 * can be shared; the nick is remembered in localStorage so a reload keeps it. Where the server
 * wants a signed token (docs/protocol.md, Identity), the site that signs users in opens the page
 * with the token in its fragment (#token=JWT, which never reaches a server or its logs); it is
 * kept in sessionStorage (this tab only) and taken out of the address bar. The rooms the user
 * has been in are kept in localStorage too (recent.js).
 */

export const DEFAULT_ROOM = 'lobby';
export const ROOM_RULE = /^[A-Za-z0-9_-]{1,64}$/;
export const ROOM_RULE_TEXT = '1 to 64 letters, digits, "-" or "_"';
export const NICK_MAX_CHARS = 32;

const NICK_STORAGE_KEY = 'hubchat.nick';
const TOKEN_STORAGE_KEY = 'hubchat.token';
const RECENT_STORAGE_KEY = 'hubchat.recent-rooms';
/** A fragment that hands the page a token: #token= and a JWT's characters (base64url and dots). */
const TOKEN_FRAGMENT = /^#token=([A-Za-z0-9_.-]+)$/;
/**
 * Characters that show nothing or only blank space (controls, format characters, separators,
 * default-ignorables such as zero-width characters and Hangul fillers, the braille blank), and
 * private-use ones: not allowed in a nick.
 */
const NICK_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Default_Ignorable_Code_Point}\u2800]/u;
/**
 * The scripts lookalike nicks are most often mixed from, to tell the user at once; the server
 * checks every script (docs/protocol.md, "Nicks") and answers a mix missed here with bad_nick.
 */
const NICK_SCRIPTS = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Cherokee', 'Coptic', 'Hebrew', 'Arabic',
  'Devanagari', 'Bengali', 'Thai', 'Ethiopic', 'Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul']
  .map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')]);
/** The mixes of scripts a nick may hold (Chinese, Japanese, Korean writing, each with Latin). */
const NICK_SCRIPT_MIXES = [['Latin', 'Han', 'Hiragana', 'Katakana'], ['Latin', 'Han', 'Bopomofo'], ['Latin', 'Han', 'Hangul']];

export function isValidRoom(room) {
  return typeof room === 'string' && ROOM_RULE.test(room);
}

/** The nick as the server will show it: NFC, every space a plain one, runs of spaces one, trimmed. */
export function cleanNick(raw) {
  return String(raw ?? '').normalize('NFC').replace(/\p{Zs}+/gu, ' ').trim();
}

/** True if `nick` has letters of two scripts that are not one of the allowed mixes. */
function mixesScripts(nick) {
  const used = NICK_SCRIPTS.filter(([, pattern]) => pattern.test(nick)).map(([name]) => name);
  return used.length > 1 && !NICK_SCRIPT_MIXES.some((mix) => used.every((name) => mix.includes(name)));
}

/** Why a (cleaned) nick would be refused, or null when it is fine. */
export function nickProblem(nick) {
  const length = [...nick].length; // code points, not UTF-16 units
  if (length === 0) return 'Please choose a nickname.';
  if (length > NICK_MAX_CHARS) return `A nickname can have at most ${NICK_MAX_CHARS} characters.`;
  if (NICK_FORBIDDEN.test(nick)) return 'A nickname cannot contain control, invisible or blank characters.';
  if (mixesScripts(nick)) return 'A nickname must be written in one alphabet (script), not a mix of several.';
  return null;
}

/** The room named by a URL (?room=NAME first, then #NAME), or null when it names none. */
export function roomFromUrl(href = location.href) {
  const url = new URL(href);
  const query = url.searchParams.get('room');
  if (query !== null && query.trim() !== '') return query.trim();
  return roomFromHash(url.hash);
}

/** The room named by a fragment ("#lobby"), or null (also for a fragment that hands a token). */
export function roomFromHash(hash) {
  if (tokenFromHash(hash) !== null) return null;
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

/** The token a fragment hands the page (#token=JWT), or null. */
export function tokenFromHash(hash) {
  const match = TOKEN_FRAGMENT.exec(hash);
  return match === null ? null : match[1];
}

/** The token this tab was handed, or null. */
export function loadToken() {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null; // storage disabled: the token lives as long as the page
  }
}

export function saveToken(token) {
  try {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // storage disabled: a reload needs the link with the token again
  }
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

/** The rooms kept by saveRecentRooms (unchecked: see recent.js cleanRecent), or []. */
export function loadRecentRooms() {
  try {
    return JSON.parse(localStorage.getItem(RECENT_STORAGE_KEY) ?? '[]');
  } catch {
    return []; // storage disabled or not JSON: start a new list
  }
}

export function saveRecentRooms(rooms) {
  try {
    localStorage.setItem(RECENT_STORAGE_KEY, JSON.stringify(rooms));
  } catch {
    // storage disabled or full: the list is simply not remembered
  }
}
