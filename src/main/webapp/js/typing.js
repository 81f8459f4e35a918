/**
 * Typing indicators, both ways: who else is typing right now (each hint expires on its own),
 * and a throttle so that we tell the server "I am typing" at most once every few seconds.
 */

export const TYPING_SEND_EVERY_MS = 3000;
export const TYPING_SHOW_MS = 4000;
const NAMES_SHOWN = 3;

/** Who is typing; calls onChange whenever the set changes (a hint appears or expires). */
export class TypingTracker {
  #timers = new Map();
  #onChange;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  saw(nick) {
    clearTimeout(this.#timers.get(nick));
    const isNew = !this.#timers.has(nick);
    this.#timers.set(nick, setTimeout(() => this.clear(nick), TYPING_SHOW_MS));
    if (isNew) this.#onChange();
  }

  /** The person sent their message, left, or was renamed. */
  clear(nick) {
    if (!this.#timers.has(nick)) return;
    clearTimeout(this.#timers.get(nick));
    this.#timers.delete(nick);
    this.#onChange();
  }

  rename(from, to) {
    if (!this.#timers.has(from)) return;
    this.clear(from);
    this.saw(to);
  }

  reset() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    const had = this.#timers.size > 0;
    this.#timers.clear();
    if (had) this.#onChange();
  }

  names() {
    return [...this.#timers.keys()];
  }
}

/** Sends a typing frame on input, at most once per TYPING_SEND_EVERY_MS. */
export class TypingNotifier {
  #send;
  #last = 0;

  /** @param {() => boolean} send  sends the frame; false when it could not */
  constructor(send) {
    this.#send = send;
  }

  input(hasText) {
    const now = Date.now();
    if (!hasText || now - this.#last < TYPING_SEND_EVERY_MS) return;
    if (this.#send()) this.#last = now;
  }

  /** After a message is sent the others drop our hint, so the next keystroke may tell them again. */
  reset() {
    this.#last = 0;
  }
}

/** "ann is typing…", "ann and bob are typing…", "several people are typing…" or ''. */
export function typingText(names) {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length <= NAMES_SHOWN) {
    return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are typing…`;
  }
  return 'Several people are typing…';
}
