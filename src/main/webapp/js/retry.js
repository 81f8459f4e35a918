/**
 * When to send again a message the server could not store (an `error` frame with code
 * `unavailable` and the message's `cid`): after a delay that grows with every refusal, 1 s
 * doubling up to 15 s, plus a little at random so that many pages do not all come back at once.
 * A message refused as sent too fast (`rate_limited`) waits as long as the server says instead.
 * The re-send carries the same cid, so however many tries it takes the server stores the message
 * once. This module only keeps the timers; app.js decides what a due message needs (nothing if it
 * was acknowledged or discarded meanwhile, and only while connected: a welcome re-sends every
 * waiting message anyway).
 */

export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 15_000;
/** Up to this share of the delay is added at random. */
export const RETRY_JITTER_SHARE = 0.2;

/** Delay before re-send number `attempt` (0 for the first). */
export function retryDelay(attempt, random = Math.random) {
  const base = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(attempt, 8));
  return Math.round(base * (1 + RETRY_JITTER_SHARE * random()));
}

/** The longest wait a `rate_limited` refusal's `retryAfterMs` is taken for. */
export const RATE_LIMIT_MAX_MS = 60_000;

/**
 * Delay before re-sending a frame the server refused as `rate_limited`, given its
 * `retryAfterMs` and its place (1, 2, ...) among the refused frames waiting: each waits one more
 * `retryAfterMs`, so they go out one after another. A missing or odd `retryAfterMs` counts as
 * RETRY_FIRST_MS.
 */
export function rateLimitDelay(retryAfterMs, place) {
  const wait = Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? retryAfterMs : RETRY_FIRST_MS;
  return Math.min(RATE_LIMIT_MAX_MS, wait * Math.max(1, place));
}

/** One timer per message (by cid): a new one replaces the old. */
export class RetryTimers {
  #timers = new Map();
  #onDue;

  /** @param {(cid: string) => void} onDue  called when a message's delay is over */
  constructor(onDue) {
    this.#onDue = onDue;
  }

  /** Calls onDue(cid) after the delay of re-send number `attempt`; returns that delay. */
  schedule(cid, attempt) {
    return this.scheduleIn(cid, retryDelay(attempt));
  }

  /** Calls onDue(cid) after `delay` milliseconds; returns that delay. */
  scheduleIn(cid, delay) {
    this.cancel(cid);
    this.#timers.set(cid, setTimeout(() => {
      this.#timers.delete(cid);
      this.#onDue(cid);
    }, delay));
    return delay;
  }

  cancel(cid) {
    clearTimeout(this.#timers.get(cid));
    this.#timers.delete(cid);
  }

  cancelAll() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
