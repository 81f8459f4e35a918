/**
 * The WebSocket to one room. Opens it, turns incoming text frames into objects, and after a
 * drop reconnects by itself with exponential backoff plus random jitter, unless the close says
 * not to (see disconnect.js): retrying would fail the same way, or undo what was meant (a
 * `replaced` connection would take its seat back from the newer one, and the two would replace
 * each other for ever), or should wait longer than a backoff does. It knows nothing about the
 * page: it reports frames and status changes through callbacks, and asks for the URL on every
 * attempt (so the caller can put the latest `since` and resume secret in it).
 */

import { closeCause } from './disconnect.js';

export const BACKOFF_FIRST_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
/** Up to this share of the delay is added at random, so clients do not all return at once. */
export const JITTER_SHARE = 0.3;
/** A connection that lasted this long after its welcome resets the backoff. */
export const STABLE_AFTER_MS = 10_000;

/**
 * The WebSocket address for `room`, relative to the page so that a context path is kept:
 * http://host/ctx/?room=a gives ws://host/ctx/ws/a.
 */
export function socketUrl(room, { nick, since, resume, token } = {}, pageHref = location.href) {
  const url = new URL('ws/' + encodeURIComponent(room), pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  if (nick) url.searchParams.set('nick', nick);
  if (since) url.searchParams.set('since', since);
  if (resume) url.searchParams.set('resume', resume);
  if (token) url.searchParams.set('token', token);
  return url.href;
}

/**
 * Why the server refused the handshake to `wsUrl` before the upgrade, which a browser's
 * WebSocket never tells (it reports a close 1006, as for a network failure): the same address
 * asked over plain HTTP answers with the same status (docs/protocol.md, Identity). 401 is the
 * close `unauthorized`, 403 `room_not_allowed`, neither of which a retry would mend; anything
 * else (a network failure, 429 or 503 for a busy server) is null: keep retrying.
 */
export async function handshakeRefusal(wsUrl, fetchFn = fetch) {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  try {
    const response = await fetchFn(url.href, { cache: 'no-store', credentials: 'same-origin' });
    if (response.status === 401) return { code: 1008, reason: 'unauthorized' };
    if (response.status === 403) return { code: 1008, reason: 'room_not_allowed' };
  } catch {
    // unreachable: a network failure, retried as one
  }
  return null;
}

/** Delay before reconnect attempt number `attempt` (0 for the first). */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt, 16));
  return Math.round(base * (1 + JITTER_SHARE * random()));
}

/**
 * A node that restarts closes all its connections within its drain (1001 `restarting`), so
 * every page it served would come back within the same 150 ms of jitter: after such a close the
 * first attempt waits up to this much more, at random, spreading the reconnects over seconds.
 */
export const RESTART_SPREAD_MS = 3000;

/** Delay before reconnect attempt `attempt` after a close whose reason's token is `token` (null if none). */
export function reconnectDelay(attempt, token, random = Math.random) {
  const spread = token === 'restarting' && attempt === 0 ? Math.round(RESTART_SPREAD_MS * random()) : 0;
  return backoffDelay(attempt, random) + spread;
}

/**
 * Status reports, passed to onStatus:
 *   {state: 'connecting', attempt}
 *   {state: 'connected'}
 *   {state: 'waiting', code, reason, retryAt}  (will reconnect at retryAt, epoch ms)
 *   {state: 'disconnected', code, reason}      (will not reconnect on its own)
 */
export class Connection {
  #url;
  #onFrame;
  #onStatus;
  #ws = null;
  #timer = null;
  #attempt = 0;
  #running = false;
  #welcomedAt = 0;
  #explain;

  /**
   * @param {object} options
   * @param {() => string} options.url    builds the address for each attempt
   * @param {(frame: object) => void} options.onFrame
   * @param {(status: object) => void} options.onStatus
   * @param {((url: string) => Promise<{code: number, reason: string} | null>) | null} [options.explain]
   *        asked why a connection that never opened failed (see handshakeRefusal); null: not asked
   */
  constructor({ url, onFrame, onStatus, explain = null }) {
    this.#url = url;
    this.#explain = explain;
    this.#onFrame = onFrame;
    this.#onStatus = onStatus;
  }

  get isOpen() {
    return this.#ws !== null && this.#ws.readyState === WebSocket.OPEN;
  }

  start() {
    this.#running = true;
    this.#connect();
  }

  /** Closes for good (e.g. when leaving the room); no more callbacks after this. */
  stop() {
    this.#running = false;
    this.#clearTimer();
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000, 'leaving');
      } catch {
        // already closing
      }
    }
  }

  /** Reconnects at once: after a manual "reconnect", or when the browser is back online. */
  retryNow() {
    if (this.#ws !== null) return; // connecting or connected already
    this.#running = true;
    this.#clearTimer();
    this.#connect();
  }

  /** Sends one frame; false when not connected (the frame is then dropped). */
  send(frame) {
    if (!this.isOpen) return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

  #connect() {
    this.#onStatus({ state: 'connecting', attempt: this.#attempt });
    let ws;
    const url = this.#url();
    try {
      ws = new WebSocket(url);
    } catch {
      this.#closed(1006, '');
      return;
    }
    this.#ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (ws === this.#ws) this.#onStatus({ state: 'connected' });
    };
    ws.onmessage = (event) => {
      if (ws !== this.#ws || typeof event.data !== 'string') return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return; // not JSON: ignore, as with any frame we do not understand
      }
      if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return;
      if (frame.type === 'welcome') this.#welcomedAt = Date.now();
      this.#onFrame(frame);
    };
    ws.onclose = (event) => {
      if (ws !== this.#ws) return;
      this.#ws = null;
      // backoff starts over only after a connection that worked for a while, so a server
      // that accepts and at once closes again is not hammered
      if (this.#welcomedAt !== 0 && Date.now() - this.#welcomedAt >= STABLE_AFTER_MS) this.#attempt = 0;
      this.#welcomedAt = 0;
      if (!opened && this.#explain !== null) {
        this.#explain(url).then((refusal) => this.#closed(refusal?.code ?? event.code, refusal?.reason ?? event.reason));
        return;
      }
      this.#closed(event.code, event.reason);
    };
    ws.onerror = () => {
      // always followed by close, which does the work
    };
  }

  #closed(code, reason) {
    if (!this.#running) return;
    const cause = closeCause(code, reason);
    if (cause.reconnect !== 'backoff') {
      this.#running = false;
      this.#onStatus({ state: 'disconnected', code, reason });
      return;
    }
    const delay = reconnectDelay(this.#attempt++, cause.token);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect();
    }, delay);
    this.#onStatus({ state: 'waiting', code, reason, retryAt: Date.now() + delay });
  }

  #clearTimer() {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
