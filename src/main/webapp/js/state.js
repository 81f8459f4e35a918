/**
 * What the page knows about the room it is in: the timeline (messages by id in server order,
 * system lines, and your own messages still waiting for their acknowledgement), the members,
 * who "you" are and the id of the last message seen. No DOM and no network here: app.js feeds
 * it frames and render.js draws it.
 *
 * Timeline entries (every one has a unique `key` and a `rev` that grows when it changes):
 *   {kind: 'message', key: 'm:ID', id, from, text, ts, mine, mention}
 *     mention: someone else's message naming you (mentions.js) as you were when it arrived
 *   {kind: 'pending', key: 'p:CID', cid, from, text, ts, status, error, refusals}
 *     status: 'queued' (to be sent), 'sent' (waiting for its echo), 'retrying' (the server could
 *     not store it and it will be sent again by itself, see retry.js) or 'failed' (refused for
 *     good: the user may retry or discard it); refusals: how many times it was answered
 *     `unavailable`
 *   {kind: 'system',  key: 's:N', text, tone: 'join'|'leave'|'info'|'warn'|'error', ts}
 * Pending entries always stay at the end; everything else is inserted before them.
 */

import { mentions } from './mentions.js';

export const HISTORY_PAGE = 50;
const MAX_CID_LENGTH = 64;

let counter = 0;
function nextSerial() {
  counter += 1;
  return counter.toString(36);
}

function isMessageFrame(m) {
  return m !== null && typeof m === 'object'
    && typeof m.id === 'string' && m.id !== ''
    && typeof m.from === 'string' && typeof m.text === 'string';
}

function stringList(value) {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}

export class ChatState {
  constructor(room, nick) {
    this.room = room;
    /** The nick the user chose; used for every (re)connect. */
    this.wantedNick = nick;
    /** A nick change sent and not yet confirmed. */
    this.requestedNick = null;
    /** True when the user picked wantedNick while disconnected: it is asked for after the next welcome. */
    this.nickChosenOffline = false;
    /** The nick the server gave us (welcome.you, then nick frames). */
    this.you = null;
    /** Every nick we had in this room during this visit. */
    this.myNicks = new Set();
    this.members = new Set();
    this.memberCount = 0;
    /** @type {Map<string, object>} */
    this.entries = new Map();
    /** @type {string[]} entry keys in display order */
    this.order = [];
    this.lastId = null;
    /**
     * The resume secret of the last welcome: sent with the next reconnect, it gives us our seat
     * (nick) back even while the server still holds our dead connection. Kept in memory only, so
     * it belongs to this tab and this visit to the room; a used one is worthless.
     */
    this.resume = null;
    /** True once any welcome has arrived in this room. */
    this.welcomed = false;
    /** True between a welcome and the next close. */
    this.online = false;
    /** 'idle' (may have older), 'loading' (request in flight) or 'done' (nothing older). */
    this.older = 'idle';
    /** Whether the page is hidden (another tab in front, minimised): app.js tells. */
    this.hidden = false;
    /**
     * The key of the first message from others that arrived while the user was away (the page
     * hidden, or disconnected after having been in the room), where the "new messages" divider
     * goes; null for none. Each new absence starts it afresh.
     */
    this.newFrom = null;
    /** Whether the user is away as of the last change (see newFrom). */
    this.away = false;
  }

  /** The page was hidden or shown again. */
  setHidden(hidden) {
    this.hidden = hidden;
    this.#noteAway();
  }

  // ---- server frames ----

  /**
   * Applies a welcome: identity, members, and its history merged by id. Messages sent before a
   * drop and not yet acknowledged, and those waiting to be retried, go back to 'queued', so that
   * app.js sends them again with the same cid: the server stores a re-sent cid only once and
   * acknowledges it again.
   * @returns {{reconnect: boolean, missed: boolean, added: object[]}}
   */
  applyWelcome(frame) {
    const reconnect = this.welcomed;
    const hadSeen = this.lastId !== null;
    const wasAway = this.away; // what the welcome brings arrived while away, if we were
    this.welcomed = true;
    this.online = true;
    this.requestedNick = null; // a change sent before a drop may or may not have happened
    this.you = typeof frame.you === 'string' ? frame.you : this.wantedNick;
    this.resume = typeof frame.resume === 'string' && frame.resume !== '' ? frame.resume : null;
    this.myNicks.add(this.you);
    this.members = new Set(stringList(frame.members));
    this.memberCount = Number.isFinite(frame.memberCount) ? frame.memberCount : this.members.size;
    if (this.older === 'loading') this.older = 'idle'; // that request died with the old socket

    const history = Array.isArray(frame.history) ? frame.history.filter(isMessageFrame) : [];
    for (const p of this.pendingEntries()) {
      if (p.status === 'sent' || p.status === 'retrying') this.#touch(p, { status: 'queued' });
    }
    const added = this.#merge(history, 'append');
    if (wasAway) this.#markNew(added);
    this.#noteAway();
    if (history.length > 0) this.lastId = history[history.length - 1].id;
    if (!reconnect && !frame.resumed && history.length < HISTORY_PAGE) this.older = 'done';
    return { reconnect, missed: reconnect && hadSeen && frame.resumed !== true, added };
  }

  /** A live message. Returns its entry, or null for a duplicate or a malformed frame. */
  addMessage(frame) {
    if (!isMessageFrame(frame)) return null;
    const acknowledged = typeof frame.cid === 'string' && this.entries.has('p:' + frame.cid);
    if (acknowledged) this.#remove('p:' + frame.cid); // the echo is the acknowledgement
    if (this.entries.has('m:' + frame.id)) return null; // e.g. a re-sent message already in the history
    const mine = acknowledged || frame.from === this.you;
    const entry = this.#messageEntry(frame, mine);
    this.#insert(this.#appendIndex(), entry);
    this.lastId = frame.id;
    if (this.away) this.#markNew([entry]);
    return entry;
  }

  /** Answer to a history request: older messages, oldest first. Returns the entries added. */
  addOlder(messages) {
    const list = Array.isArray(messages) ? messages.filter(isMessageFrame) : [];
    this.older = list.length < HISTORY_PAGE ? 'done' : 'idle';
    return this.#merge(list, 'prepend');
  }

  /** @returns {{joined: string[], left: string[]}} */
  applyPresence(frame) {
    const joined = stringList(frame.joined);
    const left = stringList(frame.left);
    for (const name of left) {
      if (name !== this.you) this.members.delete(name);
    }
    for (const name of joined) this.members.add(name);
    this.memberCount = Number.isFinite(frame.memberCount)
      ? frame.memberCount
      : Math.max(this.members.size, this.memberCount + joined.length - left.length);
    return { joined, left };
  }

  /** @returns {{from: string, to: string, mine: boolean} | null} */
  applyNick(frame) {
    const { from, to } = frame;
    if (typeof from !== 'string' || typeof to !== 'string') return null;
    if (this.members.delete(from)) this.members.add(to);
    const mine = from === this.you;
    if (mine) {
      this.you = to;
      this.myNicks.add(to);
    }
    return { from, to, mine };
  }

  /** The socket closed: nothing can be sent until the next welcome. */
  setOffline() {
    this.online = false;
    this.#noteAway();
  }

  // ---- local entries ----

  addSystem(text, tone = 'info') {
    const entry = { kind: 'system', key: 's:' + nextSerial(), text, tone, ts: Date.now(), rev: 0 };
    this.#insert(this.#appendIndex(), entry);
    return entry;
  }

  /** A message the user just wrote, shown at once and acknowledged later by its cid. */
  addPending(text) {
    const cid = ('c' + Date.now().toString(36) + '-' + nextSerial()).slice(0, MAX_CID_LENGTH);
    const entry = {
      kind: 'pending', key: 'p:' + cid, cid, from: this.you ?? this.wantedNick, text,
      ts: Date.now(), status: 'queued', error: null, refusals: 0, rev: 0,
    };
    this.#insert(this.order.length, entry);
    return entry;
  }

  pendingEntries() {
    return this.order.filter((key) => key.startsWith('p:')).map((key) => this.entries.get(key));
  }

  pending(cid) {
    return this.entries.get('p:' + cid) ?? null;
  }

  markSent(entry) {
    this.#touch(entry, { status: 'sent', error: null });
  }

  markQueued(entry) {
    this.#touch(entry, { status: 'queued', error: null });
  }

  /**
   * The server could not store the message just now (`unavailable`): it keeps its text and cid
   * and waits to be sent again. Returns how many times it has been refused so far.
   */
  markRetrying(entry, reason) {
    this.#touch(entry, { status: 'retrying', error: reason, refusals: entry.refusals + 1 });
    return entry.refusals;
  }

  /**
   * The server refused a message. Replies come in the order frames were sent, so the refused
   * one is the oldest still waiting for its echo. Returns it, or null.
   */
  failOldestSent(reason) {
    const entry = this.pendingEntries().find((p) => p.status === 'sent');
    if (entry) this.#touch(entry, { status: 'failed', error: reason });
    return entry ?? null;
  }

  discardPending(cid) {
    this.#remove('p:' + cid);
  }

  /** Id of the oldest message shown, for "load older messages". */
  firstMessageId() {
    const key = this.order.find((k) => k.startsWith('m:'));
    return key ? this.entries.get(key).id : null;
  }

  hasMessages() {
    return this.order.some((k) => k.startsWith('m:'));
  }

  // ---- internals ----

  /** Away is hidden, or disconnected once in the room; becoming away forgets the last divider. */
  #noteAway() {
    const away = this.hidden || (this.welcomed && !this.online);
    if (away && !this.away) this.newFrom = null;
    this.away = away;
  }

  /** Puts the divider before the first of `entries` from others, unless this absence has one. */
  #markNew(entries) {
    if (this.newFrom !== null && this.entries.has(this.newFrom)) return;
    const first = entries.find((entry) => !entry.mine);
    if (first) this.newFrom = first.key;
  }

  /**
   * Merges messages (oldest first) by id: known ones are skipped and serve as anchors, so that
   * an unknown message lands just before the next known one of the list. Unknown messages after
   * the last known one go to the end ('append') or before the oldest message shown ('prepend').
   */
  #merge(messages, mode) {
    let at = mode === 'prepend' ? this.#firstMessageIndex() : this.#appendIndex();
    const added = [];
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      const key = 'm:' + m.id;
      if (this.entries.has(key)) {
        at = this.order.indexOf(key);
        continue;
      }
      const mine = m.from === this.you || this.myNicks.has(m.from);
      const entry = this.#messageEntry(m, mine);
      this.#insert(at, entry);
      added.unshift(entry);
    }
    return added;
  }

  #messageEntry(m, mine) {
    return {
      kind: 'message', key: 'm:' + m.id, id: m.id, from: m.from, text: m.text,
      ts: Number.isFinite(m.ts) ? m.ts : Date.now(), mine, rev: 0,
      mention: !mine && this.you !== null && mentions(m.text, this.you),
    };
  }

  #firstMessageIndex() {
    const index = this.order.findIndex((k) => k.startsWith('m:'));
    return index >= 0 ? index : this.#appendIndex();
  }

  #appendIndex() {
    const index = this.order.findIndex((k) => k.startsWith('p:'));
    return index >= 0 ? index : this.order.length;
  }

  #insert(index, entry) {
    this.entries.set(entry.key, entry);
    this.order.splice(index, 0, entry.key);
  }

  #remove(key) {
    if (!this.entries.delete(key)) return;
    const index = this.order.indexOf(key);
    if (index >= 0) this.order.splice(index, 1);
  }

  #touch(entry, changes) {
    Object.assign(entry, changes);
    entry.rev += 1;
  }
}
