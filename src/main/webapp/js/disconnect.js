/**
 * Why a connection closed, and whether to reconnect. A close the server sends has a reason that
 * starts with a token naming its cause (`flood`, or `bad_query: ` and a detail for people): the
 * token decides, never the detail. A close with no token of ours (one the browser or the server's
 * WebSocket layer made, such as 1002 or 1006) is judged by its code alone.
 *
 * CAUSES lists the server's tokens as docs/protocol.md ("Close codes") does; a server test
 * checks that every line says what the server's own list says, so keep one cause per line.
 */

/**
 * Every token the server sends, with the close code it comes with and the advice to a client:
 * `backoff` reconnect on its own with growing delays, `no` do not, `later` only after a long
 * wait (this page leaves that to the user).
 */
export const CAUSES = Object.freeze({
  replaced: { code: 1000, reconnect: 'no' },
  restarting: { code: 1001, reconnect: 'backoff' },
  ping_timeout: { code: 1001, reconnect: 'backoff' },
  write_failed: { code: 1001, reconnect: 'backoff' },
  binary_frame: { code: 1003, reconnect: 'no' },
  bad_room: { code: 1008, reconnect: 'no' },
  room_limit: { code: 1008, reconnect: 'later' },
  too_many_new_rooms: { code: 1008, reconnect: 'later' },
  flood: { code: 1008, reconnect: 'later' },
  rate_limited: { code: 1008, reconnect: 'later' },
  bad_frames: { code: 1008, reconnect: 'no' },
  too_many_fragments: { code: 1008, reconnect: 'no' },
  bad_query: { code: 1008, reconnect: 'no' },
  unauthorized: { code: 1008, reconnect: 'no' },
  room_not_allowed: { code: 1008, reconnect: 'no' },
  too_big: { code: 1009, reconnect: 'no' },
  slow_consumer: { code: 1013, reconnect: 'backoff' },
  server_busy: { code: 1013, reconnect: 'backoff' },
});

/**
 * Codes after which, without a token of ours, retrying would fail the same way: normal closure,
 * protocol errors, data the other side refused (1003, 1007), policy, too big.
 */
const NO_RECONNECT_CODES = new Set([1000, 1002, 1003, 1007, 1008, 1009, 1010]);

/**
 * The cause of a close: `{ token, reconnect }`, where `token` is null if the reason carries no
 * token of ours with this code (a token that comes with another code is not trusted).
 */
export function closeCause(code, reason = '') {
  const colon = reason.indexOf(':');
  const token = colon < 0 ? reason : reason.slice(0, colon);
  const cause = Object.hasOwn(CAUSES, token) ? CAUSES[token] : null;
  if (cause !== null && cause.code === code) return { token, reconnect: cause.reconnect };
  return { token: null, reconnect: NO_RECONNECT_CODES.has(code) ? 'no' : 'backoff' };
}
