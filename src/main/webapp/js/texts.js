/**
 * Friendly wording for what the server reports: `error` frame codes and the causes of closes.
 * Server-supplied text (error messages, close reasons) is returned as plain text for
 * textContent, never as markup.
 */

import { closeCause } from './disconnect.js';
import { MAX_TEXT_LENGTH } from './limits.js';

const ERROR_TEXT = {
  too_long: `That message is too long: at most ${MAX_TEXT_LENGTH} characters.`,
  empty: 'Empty messages are not sent.',
  bad_nick: 'That nickname is not allowed: use 1 to 32 characters of one alphabet (script), without control, invisible or blank characters.',
  nick_fixed: 'Your name here comes from your login, so it cannot be changed in the chat.',
  rate_limited: 'You are sending messages too fast: they will be sent in a moment, by themselves.',
  bad_json: 'The server could not read a request from this page. Reloading the page may help.',
  bad_request: 'The server refused a request from this page. Reloading the page may help.',
  unknown_type: 'The server did not understand a request from this page. Reloading the page may help.',
  unavailable: 'The server could not store your message just now. It will be sent again by itself.',
};

/** An `unavailable` without a cid: it answers a request for older messages. */
export const OLDER_UNAVAILABLE_TEXT = 'Older messages could not be loaded just now. Try again in a moment.';

/** A nick change refused as `rate_limited`. */
export const NICK_RATE_LIMITED_TEXT = 'You changed your nickname too often just now. Try again in a minute.';

/**
 * Error codes that refuse a message the user sent for good (so that message is marked as not
 * sent). `unavailable` and `rate_limited` are not: they name their message by cid, which is
 * sent again (retry.js).
 */
export const MESSAGE_ERROR_CODES = new Set(['too_long', 'empty']);

const TOO_FAST = 'Too much was sent too fast, so the server closed the connection. Wait a little before reconnecting.';

/** Wording for the causes a close code alone does not tell apart; the others are worded by code. */
const CAUSE_TEXT = {
  restarting: 'The server is restarting. Reconnecting shortly.',
  replaced: 'This chat went on over a newer connection (another tab, window or device), so it was closed here.',
  room_limit: 'This server has as many rooms as it allows. Join an existing room or try again later.',
  too_many_new_rooms: 'Too many new rooms were opened from your address in a short time. Join an existing room or try again in a few minutes.',
  bad_room: 'This room name is not allowed.',
  unauthorized: 'This chat needs you to sign in: your sign-in is missing or has expired. Open the chat again from where you signed in.',
  room_not_allowed: 'Your sign-in does not let you into this room.',
  flood: TOO_FAST,
  rate_limited: TOO_FAST,
  too_many_fragments: TOO_FAST,
  bad_frames: 'The server kept refusing what this page sent, so it closed the connection. Reloading the page may help.',
  server_busy: 'The server is busy right now, so it closed the connection. Reconnecting shortly.',
};

const CLOSE_TEXT = {
  1000: 'The server closed the connection.',
  1001: 'The server is restarting or the connection went quiet.',
  1002: 'The connection broke because of a protocol error. Reloading the page may help.',
  1003: 'The server refused data from this page. Reloading the page may help.',
  1006: 'The connection was lost.',
  1007: 'The server refused data from this page. Reloading the page may help.',
  1009: 'A message was too large for the server, so it closed the connection.',
  1011: 'The server ran into a problem.',
  1012: 'The server is restarting.',
  1013: 'Your connection was too slow and was closed.',
};

/** Text for an `error` frame. */
export function errorText(frame) {
  if (typeof frame.code === 'string' && ERROR_TEXT[frame.code]) return ERROR_TEXT[frame.code];
  if (typeof frame.message === 'string' && frame.message !== '') return `Server: ${frame.message}`;
  return 'The server reported an error.';
}

/** Text for a close, from its code and the server's reason. */
export function closeText(code, reason = '') {
  const { token } = closeCause(code, reason);
  if (token !== null && Object.hasOwn(CAUSE_TEXT, token)) return CAUSE_TEXT[token];
  if (code === 1008) {
    return reason ? `The server closed the connection: ${reason}` : 'The server closed the connection (policy).';
  }
  return CLOSE_TEXT[code] ?? (reason ? `The connection closed: ${reason}` : `The connection closed (code ${code}).`);
}
