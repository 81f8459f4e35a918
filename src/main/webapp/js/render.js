/**
 * Drawing: turns ChatState into DOM and keeps the message list's scroll position honest
 * (follow new messages only when already at the bottom; otherwise keep the reader's place and
 * offer a "new messages" button). User text only ever goes through textContent.
 */

import { daySeparators } from './days.js';
import { counterText, lengthStatus } from './limits.js';
import { splitLinks } from './links.js';
import { typingText } from './typing.js';

/** How close (px) to the bottom still counts as "at the bottom". */
const BOTTOM_SLACK_PX = 48;
const NOTICE_HIDE_MS = 8000;
const MEMBER_LIST_MAX = 500;
const APP_NAME = 'hubchat';
/** Messages from the same person this close together are drawn as one group. */
const GROUP_WITHIN_MS = 5 * 60_000;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit',
});
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/** document.createElement with a class and plain text; never parses markup. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A message's text as nodes: text nodes, and an <a> for each http(s) address (links.js), built
 * with textContent and a parsed href, so nothing the sender wrote is ever parsed as markup.
 */
function textWithLinks(text) {
  return splitLinks(text).map((part) => {
    if (part.type === 'text') return document.createTextNode(part.text);
    const a = el('a', 'link', part.text);
    a.href = part.href;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  });
}

/**
 * Puts a separator line (a day, or where new messages start) at the top of a timeline entry's
 * element, or takes it away (text null). The day's goes above the "new messages" one.
 */
function setSeparator(li, className, text) {
  let sep = li.querySelector(`:scope > .${className}`);
  if (text === null) {
    sep?.remove();
    return;
  }
  if (sep === null) {
    sep = el('p', `sep ${className}`);
    const before = className === 'day-sep' ? li.firstChild : (li.querySelector(':scope > .day-sep')?.nextSibling ?? li.firstChild);
    li.insertBefore(sep, before);
  }
  if (sep.textContent !== text) sep.textContent = text;
}

function timeElement(ts) {
  const date = new Date(ts);
  const sameDay = date.toDateString() === new Date().toDateString();
  const node = el('time', 'ts', (sameDay ? timeFormat : dayTimeFormat).format(date));
  node.dateTime = date.toISOString();
  node.title = fullFormat.format(date);
  return node;
}

/** A stable hue per name, so people are easier to tell apart. */
function nameHue(name) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 360;
}

/** Whether `entry` goes on from `previous` (same sender, soon after): drawn without its own header. */
function continues(previous, entry) {
  if (previous === null || previous.kind === 'system' || entry.kind === 'system') return false;
  const mine = (e) => e.kind === 'pending' || e.mine;
  return previous.from === entry.from && mine(previous) === mine(entry)
    && entry.ts - previous.ts >= 0 && entry.ts - previous.ts < GROUP_WITHIN_MS;
}

function byName(a, b) {
  return a.localeCompare(b, undefined, { sensitivity: 'base' });
}

export class ChatView {
  #nodes = new Map(); // entry key -> {el, rev}
  #newCount = 0;
  #noticeTimer = null;
  #statusTimer = null;
  /** Whether the list is scrolled to the bottom, as of the last scroll or render. */
  #stuck = true;

  constructor(doc = document) {
    const byId = (id) => doc.getElementById(id);
    this.els = {
      join: byId('join'), joinForm: byId('join-form'), joinNick: byId('join-nick'),
      joinRoom: byId('join-room'), joinError: byId('join-error'),
      chat: byId('chat'), roomName: byId('room-name'),
      status: byId('status'), statusText: byId('status-text'), statusLive: byId('status-live'),
      retry: byId('retry'),
      settingsToggle: byId('settings-toggle'), settings: byId('settings'),
      membersToggle: byId('members-toggle'), members: byId('members'),
      roomForm: byId('room-form'), roomInput: byId('room-input'),
      nickForm: byId('nick-form'), nickInput: byId('nick-input'), notify: byId('notify'),
      recentList: byId('recent-list'), copyLink: byId('copy-link'),
      scroller: byId('scroller'), messages: byId('messages'),
      loadOlder: byId('load-older'), historyStart: byId('history-start'), jump: byId('jump'),
      memberCount: byId('member-count'), memberBadge: byId('member-count-badge'),
      memberSummary: byId('member-summary'),
      memberList: byId('member-list'), membersMore: byId('members-more'),
      typing: byId('typing'), notice: byId('notice'), noticeText: byId('notice-text'),
      noticeClose: byId('notice-close'), composer: byId('composer'), text: byId('text'),
      textCount: byId('text-count'),
      announcer: byId('announcer'),
    };
    this.els.scroller.addEventListener('scroll', () => {
      this.#stuck = this.isAtBottom();
      if (this.#stuck) this.#setNewCount(0);
    }, { passive: true });
    // the list gets shorter when a notice shows or the on-screen keyboard opens: stay at the bottom
    new ResizeObserver(() => {
      if (this.#stuck) this.els.scroller.scrollTop = this.els.scroller.scrollHeight;
    }).observe(this.els.scroller);
    this.els.jump.addEventListener('click', () => {
      this.scrollToBottom();
      this.els.text.focus();
    });
    this.els.noticeClose.addEventListener('click', () => this.hideNotice());
    this.#bindToggle(this.els.settingsToggle, this.els.settings);
    this.#bindToggle(this.els.membersToggle, this.els.members);
  }

  // ---- screens ----

  showJoin({ nick = '', room = '', error = '' } = {}) {
    this.els.chat.hidden = true;
    this.els.join.hidden = false;
    this.els.joinNick.value = nick;
    this.els.joinRoom.value = room;
    this.setJoinError(error);
    (nick ? this.els.joinRoom : this.els.joinNick).focus();
    document.title = APP_NAME;
  }

  setJoinError(text) {
    this.els.joinError.textContent = text;
  }

  /** Shows an empty chat screen for `room`. */
  showChat(room) {
    this.els.join.hidden = true;
    this.els.chat.hidden = false;
    this.#nodes.clear();
    this.els.messages.replaceChildren();
    this.#setNewCount(0);
    this.els.roomName.textContent = room;
    this.els.roomInput.value = room;
    this.els.text.placeholder = `Message #${room}`;
    this.setTyping([]);
    this.hideNotice();
    this.els.text.focus();
  }

  // ---- timeline ----

  isAtBottom() {
    const s = this.els.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= BOTTOM_SLACK_PX;
  }

  scrollToBottom() {
    this.els.scroller.scrollTop = this.els.scroller.scrollHeight;
    this.#stuck = true;
    this.#setNewCount(0);
  }

  /**
   * Brings the list in line with state.order. Stays at the bottom if it was there (or when
   * `follow` is set, e.g. after sending); otherwise keeps the first visible entry where it was,
   * whatever got inserted above it (`keepPosition` always does that, for older history).
   * `unseen` is how many new messages from others arrived: when the reader is scrolled up
   * they feed the "new messages" button.
   */
  renderTimeline(state, { follow = false, keepPosition = false, unseen = 0 } = {}) {
    const stick = follow || (!keepPosition && this.isAtBottom());
    const anchor = stick ? null : this.#visibleAnchor();

    this.#reconcile(state);

    if (stick) {
      this.scrollToBottom();
    } else {
      if (anchor && anchor.node.isConnected) {
        this.els.scroller.scrollTop = anchor.node.offsetTop - anchor.offset;
      }
      if (unseen > 0) this.#setNewCount(this.#newCount + unseen);
    }
    this.renderOlder(state);
  }

  renderOlder(state) {
    const { loadOlder, historyStart } = this.els;
    const done = state.older === 'done';
    loadOlder.hidden = done || !state.hasMessages();
    loadOlder.disabled = state.older === 'loading' || !state.online;
    loadOlder.textContent = state.older === 'loading' ? 'Loading…' : 'Load older messages';
    historyStart.hidden = !done;
  }

  #reconcile(state) {
    const list = this.els.messages;
    const live = new Set(state.order);
    for (const [key, cached] of this.#nodes) {
      if (!live.has(key)) {
        cached.el.remove();
        this.#nodes.delete(key);
      }
    }
    let cursor = list.firstChild;
    let previous = null;
    const days = daySeparators(state.order.map((key) => state.entries.get(key)));
    for (const key of state.order) {
      const entry = state.entries.get(key);
      let cached = this.#nodes.get(key);
      if (!cached || cached.rev !== entry.rev) {
        const fresh = this.#entryElement(entry);
        if (cached) {
          if (cursor === cached.el) cursor = fresh;
          cached.el.replaceWith(fresh);
        }
        cached = { el: fresh, rev: entry.rev };
        this.#nodes.set(key, cached);
      }
      const day = days.get(key) ?? null;
      const isNew = key === state.newFrom;
      setSeparator(cached.el, 'day-sep', day);
      setSeparator(cached.el, 'new-sep', isNew ? 'New messages' : null);
      cached.el.classList.toggle('cont', day === null && !isNew && continues(previous, entry));
      previous = entry;
      if (cached.el === cursor) {
        cursor = cursor.nextSibling;
      } else {
        list.insertBefore(cached.el, cursor);
      }
    }
  }

  #visibleAnchor() {
    const top = this.els.scroller.scrollTop;
    for (const node of this.els.messages.children) {
      if (node.offsetTop + node.offsetHeight > top) return { node, offset: node.offsetTop - top };
    }
    return null;
  }

  #entryElement(entry) {
    if (entry.kind === 'system') {
      const li = el('li', `line system tone-${entry.tone}`);
      li.dataset.kind = 'system';
      li.dataset.tone = entry.tone;
      li.append(el('span', 'system-text', entry.text), ' ', timeElement(entry.ts));
      return li;
    }
    const li = el('li', 'line msg');
    // stable hooks for tests and styling: data-kind, data-id (server id) or data-cid (not yet acknowledged)
    li.dataset.kind = entry.kind;
    li.dataset.from = entry.from ?? '';
    if (entry.kind === 'message') li.dataset.id = entry.id;
    if (entry.kind === 'pending') li.dataset.cid = entry.cid;
    if (entry.kind === 'pending' || entry.mine) li.classList.add('mine');
    li.style.setProperty('--hue', String(nameHue(entry.from ?? '')));

    const meta = el('div', 'meta');
    meta.append(el('span', 'from', entry.from ?? ''), ' ', timeElement(entry.ts));
    if (entry.mention) {
      li.classList.add('mention');
      li.dataset.mention = 'true';
      meta.append(el('span', 'mention-tag', 'mentions you'));
    }
    const body = el('p', 'text');
    body.append(...textWithLinks(entry.text));
    li.append(meta, body);

    if (entry.kind === 'pending') {
      li.classList.add('pending', `status-${entry.status}`);
      li.dataset.status = entry.status;
      const status = el('div', 'send-status');
      if (entry.status === 'failed') {
        status.append(el('span', 'send-error', `Not sent: ${entry.error ?? 'refused'}`));
        status.append(this.#actionButton('Retry', 'retry', entry.cid),
          this.#actionButton('Discard', 'discard', entry.cid));
      } else if (entry.status === 'retrying' || entry.refusals > 0) {
        // refused as unavailable or rate_limited: it goes out again by itself until stored (see retry.js)
        const words = entry.status === 'sent' ? 'Not stored yet: sending again…' : 'Not stored yet: retrying soon…';
        status.append(el('span', 'send-retry', words), this.#actionButton('Discard', 'discard', entry.cid));
      } else {
        status.textContent = entry.status === 'sent' ? 'Sending…' : 'Waiting for the connection…';
      }
      li.append(status);
    }
    return li;
  }

  #actionButton(label, action, cid) {
    const button = el('button', 'small link', label);
    button.type = 'button';
    button.dataset.action = action;
    button.dataset.cid = cid;
    return button;
  }

  #setNewCount(count) {
    this.#newCount = count;
    const { jump } = this.els;
    jump.hidden = count === 0;
    jump.textContent = count === 1 ? '1 new message ↓' : `${count} new messages ↓`;
  }

  // ---- composer ----

  /**
   * After the message field changed: it grows with its lines (up to the CSS max-height, then
   * scrolls), and from near the limit on shows how many characters are left or over.
   */
  composerChanged() {
    const { text, textCount } = this.els;
    text.style.height = 'auto';
    text.style.height = `${text.scrollHeight + text.offsetHeight - text.clientHeight}px`;
    const status = lengthStatus(text.value);
    textCount.hidden = !status.showCounter;
    textCount.textContent = status.showCounter ? counterText(status) : '';
    textCount.classList.toggle('over', status.over);
    text.setAttribute('aria-invalid', String(status.over));
  }

  /**
   * The recent rooms, most recent first: a link each (?room=NAME, so it also opens in a new tab),
   * the current room as plain text marked as the current page.
   */
  renderRecent(rooms, current) {
    this.els.recentList.replaceChildren(...rooms.map((room) => {
      const li = el('li', 'recent-room');
      if (room === current) {
        const here = el('span', 'recent-current', `#${room}`);
        here.setAttribute('aria-current', 'page');
        li.append(here);
      } else {
        const a = el('a', 'recent-link', `#${room}`);
        a.href = `?room=${encodeURIComponent(room)}`;
        a.dataset.room = room;
        li.append(a);
      }
      return li;
    }));
  }

  /** The notifications control, for a notifyState() (notify.js). */
  renderNotify(state) {
    const button = this.els.notify;
    button.hidden = state === 'unsupported';
    button.setAttribute('aria-pressed', String(state === 'on'));
    button.disabled = state === 'blocked';
    button.textContent = {
      on: 'Mention notifications on',
      blocked: 'Notifications blocked by the browser',
    }[state] ?? 'Notify me of mentions';
  }

  // ---- side panels, header, footer ----

  renderMembers(state) {
    const names = [...state.members].sort(byName);
    if (state.you && names.includes(state.you)) {
      names.splice(names.indexOf(state.you), 1);
      names.unshift(state.you);
    }
    const shown = names.slice(0, MEMBER_LIST_MAX);
    const items = shown.map((name) => {
      const li = el('li', 'member', name);
      li.dataset.nick = name;
      li.style.setProperty('--hue', String(nameHue(name)));
      if (name === state.you) {
        li.classList.add('me');
        li.append(el('span', 'you-tag', ' (you)'));
      }
      return li;
    });
    this.els.memberList.replaceChildren(...items);
    const count = Math.max(state.memberCount, names.length);
    const hiddenCount = count - shown.length;
    this.els.membersMore.hidden = hiddenCount <= 0;
    this.els.membersMore.textContent = `and ${hiddenCount} more`;
    this.els.memberCount.textContent = `(${count})`;
    this.els.memberBadge.textContent = String(count);
    this.els.memberSummary.textContent = count === 1 ? '1 member' : `${count} members`;
    this.els.membersToggle.setAttribute('aria-label', `Members: ${count}`);
  }

  /** Puts the current nick in the nick field, unless the user is editing it. */
  renderNick(nick) {
    if (document.activeElement !== this.els.nickInput) this.els.nickInput.value = nick ?? '';
  }

  setTyping(names) {
    this.els.typing.textContent = typingText(names);
  }

  /** @param {{state: string, attempt?: number, retryAt?: number}} status  see connection.js */
  setStatus(status) {
    clearInterval(this.#statusTimer);
    this.#statusTimer = null;
    const { status: box, statusText, statusLive, retry } = this.els;
    box.dataset.state = status.state;
    // connecting again after a drop (attempt 1 and up) reads as reconnecting, as does the wait before it
    const again = status.state === 'waiting' || (status.state === 'connecting' && status.attempt > 0);
    const words = again ? 'Reconnecting…' : {
      connecting: 'Connecting…',
      connected: 'Connected',
      disconnected: 'Disconnected',
    }[status.state] ?? status.state;
    // the live region hears of changes only, not of every attempt or countdown tick
    if (statusLive.textContent !== words) statusLive.textContent = words;
    retry.hidden = status.state !== 'waiting' && status.state !== 'disconnected';
    retry.textContent = status.state === 'disconnected' ? 'Reconnect' : 'Retry now';
    statusText.textContent = words;
    if (status.state === 'waiting') {
      const tick = () => {
        const seconds = Math.max(1, Math.ceil((status.retryAt - Date.now()) / 1000));
        statusText.textContent = `Reconnecting in ${seconds} s`;
      };
      tick();
      this.#statusTimer = setInterval(tick, 1000);
    }
  }

  /**
   * A message above the input. `kind` lets a later call clear only its own kind of notice
   * (e.g. 'connection' notices go away once reconnected); sticky ones stay until then.
   */
  showNotice(text, { kind = 'error', sticky = false } = {}) {
    clearTimeout(this.#noticeTimer);
    this.els.noticeText.textContent = text;
    this.els.notice.dataset.kind = kind;
    this.els.notice.hidden = false;
    if (!sticky) this.#noticeTimer = setTimeout(() => this.hideNotice(), NOTICE_HIDE_MS);
  }

  hideNotice(kind) {
    if (kind && this.els.notice.dataset.kind !== kind) return;
    clearTimeout(this.#noticeTimer);
    this.els.notice.hidden = true;
  }

  /** Read out by screen readers (aria-live polite). */
  announce(text) {
    this.els.announcer.textContent = text;
  }

  /** The tab's title, with the messages and mentions that came while the tab was hidden. */
  setTitle(room, unread, mentioned = 0) {
    const base = `#${room} · ${APP_NAME}`;
    const mentions = mentioned === 1 ? '1 mention' : `${mentioned} mentions`;
    const counts = mentioned > 0 ? `(${unread}, ${mentions}) ` : `(${unread}) `;
    document.title = unread > 0 ? counts + base : base;
  }

  #bindToggle(button, panel) {
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      panel.classList.toggle('open', open);
      if (open) panel.querySelector('input, button, [tabindex]')?.focus();
    });
  }

  closePanels() {
    for (const [button, panel] of [[this.els.settingsToggle, this.els.settings],
      [this.els.membersToggle, this.els.members]]) {
      button.setAttribute('aria-expanded', 'false');
      panel.classList.remove('open');
    }
  }
}
