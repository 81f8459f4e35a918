/**
 * Wiring: picks the room (from the URL) and nick (from localStorage), opens the connection,
 * feeds server frames into ChatState, redraws through ChatView, and handles the forms.
 */

import { Connection, handshakeRefusal, socketUrl } from './connection.js';
import { lengthStatus, tooLongText } from './limits.js';
import { notifyMention, notifyState, toggleNotify } from './notify.js';
import {
  DEFAULT_ROOM, ROOM_RULE_TEXT, cleanNick, isValidRoom, loadNick, loadRecentRooms, loadToken, nickProblem,
  roomFromHash, roomFromUrl, saveNick, saveRecentRooms, saveToken, tokenFromHash, urlForRoom,
} from './prefs.js';
import { cleanRecent, withRecent } from './recent.js';
import { ChatView } from './render.js';
import { RetryTimers, rateLimitDelay } from './retry.js';
import { ChatState } from './state.js';
import {
  MESSAGE_ERROR_CODES, NICK_RATE_LIMITED_TEXT, OLDER_UNAVAILABLE_TEXT, closeText, errorText,
} from './texts.js';
import { TypingNotifier, TypingTracker } from './typing.js';

const HISTORY_LIMIT = 50;
/** A presence frame naming more people than this is summed up instead of listed. */
const PRESENCE_NAMES_SHOWN = 5;

const view = new ChatView();
const typing = new TypingTracker(() => view.setTyping(typing.names()));
const typingNotifier = new TypingNotifier(() => sendFrame({ type: 'typing' }));
const retries = new RetryTimers(resendDue);

/** @type {ChatState | null} */
let state = null;
/** @type {Connection | null} */
let connection = null;
let unread = 0;
/** Of those, the messages naming the user. */
let unreadMentions = 0;
/** The signed token the page was handed (see prefs.js), or null: the server then takes any nick. */
let token = null;
/** The last status the connection reported ('connecting', 'waiting', ...). */
let connectionState = 'connecting';

// ---- entering and leaving rooms ----

function start() {
  const handed = tokenFromHash(location.hash);
  if (handed !== null) {
    saveToken(handed);
    history.replaceState(null, '', location.pathname + location.search); // out of the address bar
  }
  token = handed ?? loadToken();
  const room = roomFromUrl() ?? DEFAULT_ROOM;
  const nick = loadNick();
  if (!isValidRoom(room)) {
    view.showJoin({ nick, room, error: `“${room}” is not a valid room name: ${ROOM_RULE_TEXT}.` });
  } else if (token !== null) {
    enterRoom(room, '', 'replace'); // the server names the user after its token
  } else if (!nick || nickProblem(nick)) {
    view.showJoin({ nick, room });
  } else {
    enterRoom(room, nick, 'replace');
  }
}

/** @param {'push'|'replace'|null} urlMode  how to put the room in the address bar */
function enterRoom(room, nick, urlMode) {
  connection?.stop();
  retries.cancelAll();
  typing.reset();
  unread = 0;
  unreadMentions = 0;
  if (urlMode === 'push') history.pushState(null, '', urlForRoom(room));
  if (urlMode === 'replace') history.replaceState(null, '', urlForRoom(room));

  state = new ChatState(room, nick);
  state.setHidden(document.hidden);
  view.showChat(room);
  view.renderRecent(cleanRecent(loadRecentRooms()), room);
  view.renderNick(nick);
  view.renderMembers(state);
  view.renderTimeline(state);
  view.setTitle(room, 0);

  const current = state;
  connection = new Connection({
    url: () => socketUrl(current.room, {
      nick: current.wantedNick, since: current.lastId, resume: current.resume, token,
    }),
    explain: token === null ? null : handshakeRefusal,
    onFrame: (frame) => {
      if (state === current) handleFrame(frame);
    },
    onStatus: (status) => {
      if (state === current) handleStatus(status);
    },
  });
  connection.start();
}

function sendFrame(frame) {
  return connection !== null && state !== null && state.online && connection.send(frame);
}

// ---- server frames ----

const frameHandlers = {
  welcome: onWelcome,
  message: onMessage,
  presence: onPresence,
  nick: onNick,
  typing: (frame) => {
    if (typeof frame.nick === 'string' && frame.nick !== state.you) typing.saw(frame.nick);
  },
  history: (frame) => {
    state.addOlder(frame.messages);
    view.renderTimeline(state, { keepPosition: true });
  },
  error: onError,
};

function handleFrame(frame) {
  frameHandlers[frame.type]?.(frame); // unknown frame types are ignored, as the protocol asks
}

function onWelcome(frame) {
  const { reconnect, missed, added } = state.applyWelcome(frame);
  typing.reset();
  if (missed) {
    state.addSystem('You were disconnected for a while: some messages may have been missed.', 'warn');
  }
  const wanted = state.wantedNick;
  const otherThanWanted = state.you.toLowerCase() !== wanted.toLowerCase() && !nickProblem(wanted);
  // a resumed seat keeps its nick, so a nick picked while offline is asked for now, after the
  // re-sent messages (which the server recognises under the seat's nick only)
  const askForWanted = otherThanWanted && state.nickChosenOffline;
  state.nickChosenOffline = false;
  if (otherThanWanted && !askForWanted) {
    state.addSystem(`The nick “${wanted}” is in use here, so you are “${state.you}” for now.`, 'info');
  }
  retries.cancelAll(); // messages waiting for a retry are queued again by the welcome: sent now
  flushQueue();
  if (askForWanted && sendFrame({ type: 'nick', nick: wanted })) state.requestedNick = wanted;
  view.hideNotice('connection');
  const recent = withRecent(loadRecentRooms(), state.room); // a room counts once the server let us in
  saveRecentRooms(recent);
  view.renderRecent(recent, state.room);
  view.renderNick(state.you);
  view.renderMembers(state);
  const fromOthers = reconnect ? added.filter((m) => !m.mine) : [];
  view.renderTimeline(state, { follow: !reconnect, unseen: fromOthers.length });
  countUnread(fromOthers);
  if (fromOthers.length > 0) {
    view.announce(`${fromOthers.length} new message${fromOthers.length === 1 ? '' : 's'} while you were away`);
  }
}

function onMessage(frame) {
  const acknowledges = typeof frame.cid === 'string' && state.pending(frame.cid) !== null;
  const entry = state.addMessage(frame);
  if (!entry) {
    // already shown (e.g. it came in a resumed history); if it acknowledges a re-send, that
    // waiting copy is gone now
    if (acknowledges) view.renderTimeline(state);
    return;
  }
  typing.clear(entry.from);
  const fromOthers = entry.mine ? 0 : 1;
  view.renderTimeline(state, { follow: entry.mine, unseen: fromOthers });
  if (fromOthers) {
    countUnread([entry]);
    view.announce(`${entry.mention ? 'You are mentioned. ' : ''}${entry.from}: ${entry.text}`);
  }
}

function onPresence(frame) {
  const { joined, left } = state.applyPresence(frame);
  // a frame merging a window may also name ourselves, as we joined in it: no line for that
  const others = (names) => names.filter((name) => name !== state.you);
  if (others(joined).length > 0) state.addSystem(`${namesText(others(joined))} joined`, 'join');
  if (others(left).length > 0) state.addSystem(`${namesText(others(left))} left`, 'leave');
  for (const name of left) typing.clear(name);
  view.renderMembers(state);
  view.renderTimeline(state);
  reclaimNick(left);
}

function onNick(frame) {
  const change = state.applyNick(frame);
  if (!change) return;
  typing.rename(change.from, change.to);
  if (change.mine) {
    const requested = state.requestedNick;
    if (requested !== null) {
      state.wantedNick = requested;
      saveNick(requested);
      state.requestedNick = null;
    }
    // a taken nick gets a suffix from the server (ben-2): say so rather than leave it a riddle
    if (requested !== null && requested.toLowerCase() !== change.to.toLowerCase()) {
      state.addSystem(`“${requested}” is taken, so you are now known as ${change.to}`, 'info');
    } else {
      state.addSystem(`You are now known as ${change.to}`, 'info');
    }
    view.renderNick(state.you);
  } else {
    state.addSystem(`${change.from} is now known as ${change.to}`, 'info');
  }
  view.renderMembers(state);
  view.renderTimeline(state);
}

function onError(frame) {
  if (frame.code === 'unavailable') {
    onUnavailable(frame);
    return;
  }
  if (frame.code === 'rate_limited') {
    onRateLimited(frame);
    return;
  }
  const text = errorText(frame);
  if (frame.code === 'bad_nick' || frame.code === 'nick_fixed') {
    state.requestedNick = null;
    view.renderNick(state.you);
  }
  if (MESSAGE_ERROR_CODES.has(frame.code) && state.failOldestSent(text)) {
    view.renderTimeline(state);
  }
  view.showNotice(text);
}

/**
 * The server could not store a message (the error names it by cid) or read older messages (no
 * cid) just now. A message keeps its text and cid and is sent again after a growing delay
 * (retry.js) until stored; the server stores a re-sent cid once.
 */
function onUnavailable(frame) {
  const entry = typeof frame.cid === 'string' ? state.pending(frame.cid) : null;
  if (entry !== null) {
    const refusals = state.markRetrying(entry, errorText(frame));
    retries.schedule(entry.cid, refusals - 1);
    view.renderTimeline(state);
    if (refusals === 1) view.showNotice(errorText(frame), { kind: 'info' });
  } else if (typeof frame.cid !== 'string' && state.older === 'loading') {
    state.older = 'idle';
    view.renderOlder(state);
    view.showNotice(OLDER_UNAVAILABLE_TEXT);
  }
}

/**
 * The server refused a frame as sent too fast, saying when it would take it (`retryAfterMs`).
 * A message (named by its cid) keeps its text and cid and goes out again by itself: after that
 * delay times its place among the messages waiting, so that several refused at once do not all
 * come back at once. An older-messages request is asked again after the delay; a nick change is
 * given up with a word; a typing hint is not worth a word.
 */
function onRateLimited(frame) {
  const entry = typeof frame.cid === 'string' ? state.pending(frame.cid) : null;
  if (entry !== null) {
    const refusals = state.markRetrying(entry, errorText(frame));
    const waiting = state.pendingEntries().filter((p) => p.status === 'retrying');
    retries.scheduleIn(entry.cid, rateLimitDelay(frame.retryAfterMs, waiting.indexOf(entry) + 1));
    view.renderTimeline(state);
    if (refusals === 1) view.showNotice(errorText(frame), { kind: 'info' });
  } else if (typeof frame.cid !== 'string' && state.older === 'loading') {
    const current = state;
    setTimeout(() => {
      if (state !== current || current.older !== 'loading') return;
      current.older = 'idle';
      onLoadOlder();
    }, rateLimitDelay(frame.retryAfterMs, 1));
  } else if (typeof frame.cid !== 'string' && state.requestedNick !== null) {
    state.requestedNick = null;
    view.renderNick(state.you);
    view.showNotice(NICK_RATE_LIMITED_TEXT);
  }
}

/** A message's retry delay is over: send it again, unless it was stored, discarded or the socket is closed. */
function resendDue(cid) {
  const entry = state?.pending(cid);
  if (!entry || entry.status !== 'retrying' || !state.online) return; // offline: the next welcome sends it
  state.markQueued(entry);
  flushQueue();
  view.renderTimeline(state);
}

/** "ann", "ann and bob", "ann, bob and carl", or "ann, bob, … and 12 others". */
function namesText(names) {
  if (names.length === 1) return names[0];
  if (names.length <= PRESENCE_NAMES_SHOWN) {
    return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }
  const shown = names.slice(0, PRESENCE_NAMES_SHOWN - 1);
  return `${shown.join(', ')} and ${names.length - shown.length} others`;
}

/**
 * If we got a suffixed nick (ann-2) although we resumed (e.g. the server forgot our seat after a
 * long outage and someone else was ann meanwhile): when that ann leaves, ask for the nick the
 * user chose.
 */
function reclaimNick(left) {
  const wanted = state.wantedNick;
  if (state.you.toLowerCase() === wanted.toLowerCase() || state.requestedNick !== null) return;
  if (left.some((name) => name.toLowerCase() === wanted.toLowerCase())) {
    state.requestedNick = wanted;
    sendFrame({ type: 'nick', nick: wanted });
  }
}

// ---- connection status ----

function handleStatus(status) {
  connectionState = status.state;
  view.setStatus(status);
  if (status.state === 'waiting' || status.state === 'disconnected') {
    state.setOffline();
    typing.reset();
    view.renderOlder(state);
    const text = closeText(status.code, status.reason);
    if (status.state === 'disconnected') {
      view.showNotice(text, { kind: 'connection', sticky: true });
    } else if (status.code === 1006 && !state.welcomed) {
      view.showNotice('Cannot reach the chat server. Retrying…', { kind: 'connection', sticky: true });
    } else {
      view.showNotice(`${text} Reconnecting…`, { kind: 'connection', sticky: true });
    }
  }
}

// ---- sending ----

/** Sends every queued message (after a welcome, or when one is retried). */
function flushQueue() {
  for (const entry of state.pendingEntries()) {
    if (entry.status !== 'queued') continue;
    if (!sendFrame({ type: 'message', text: entry.text, cid: entry.cid })) break;
    state.markSent(entry);
  }
}

function onSubmitMessage(event) {
  event.preventDefault();
  const input = view.els.text;
  const text = input.value.trim();
  if (text === '') return;
  const length = lengthStatus(text);
  if (length.over) {
    view.showNotice(tooLongText(length)); // the text stays as it is, for the user to shorten
    return;
  }
  input.value = '';
  view.composerChanged();
  state.addPending(text);
  flushQueue();
  typingNotifier.reset();
  view.renderTimeline(state, { follow: true });
}

function onPendingAction(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const { action, cid } = button.dataset;
  const entry = state.pending(cid);
  if (!entry) return;
  if (action === 'discard') {
    retries.cancel(cid);
    state.discardPending(cid);
  } else {
    state.markQueued(entry);
    flushQueue();
  }
  view.renderTimeline(state);
  view.els.text.focus();
}

function onSubmitNick(event) {
  event.preventDefault();
  const nick = cleanNick(view.els.nickInput.value);
  const problem = nickProblem(nick);
  if (problem) {
    view.showNotice(problem);
    return;
  }
  view.closePanels();
  if (nick === state.you) return;
  if (state.online) {
    state.requestedNick = nick;
    sendFrame({ type: 'nick', nick });
  } else {
    // not connected: use it for the next connection
    state.wantedNick = nick;
    state.nickChosenOffline = true;
    saveNick(nick);
    view.showNotice(`You will be “${nick}” once reconnected.`, { kind: 'info' });
  }
  view.els.text.focus();
}

function onSubmitRoom(event) {
  event.preventDefault();
  const room = view.els.roomInput.value.trim();
  if (!isValidRoom(room)) {
    view.showNotice(`Room names are ${ROOM_RULE_TEXT}.`);
    return;
  }
  view.closePanels();
  if (room !== state.room) enterRoom(room, state.wantedNick, 'push');
  else view.els.text.focus();
}

function onSubmitJoin(event) {
  event.preventDefault();
  const nick = cleanNick(view.els.joinNick.value);
  const room = view.els.joinRoom.value.trim() || DEFAULT_ROOM;
  const problem = nickProblem(nick);
  if (problem) {
    view.setJoinError(problem);
    view.els.joinNick.focus();
    return;
  }
  if (!isValidRoom(room)) {
    view.setJoinError(`Room names are ${ROOM_RULE_TEXT}.`);
    view.els.joinRoom.focus();
    return;
  }
  saveNick(nick);
  enterRoom(room, nick, 'replace');
}

function onLoadOlder() {
  const before = state.firstMessageId();
  if (state.older !== 'idle' || before === null) return;
  if (sendFrame({ type: 'history', before, limit: HISTORY_LIMIT })) {
    state.older = 'loading';
    view.renderOlder(state);
  }
}

// ---- page events ----

/**
 * While the tab is hidden, new messages from others (`entries`) are counted in the title, those
 * naming the user apart, and these raise a desktop notification if the user turned them on.
 */
function countUnread(entries) {
  if (!document.hidden || entries.length === 0) return;
  const mentioning = entries.filter((entry) => entry.mention);
  unread += entries.length;
  unreadMentions += mentioning.length;
  view.setTitle(state.room, unread, unreadMentions);
  if (mentioning.length > 0) notifyMention(state.room, mentioning[mentioning.length - 1]);
}

function onVisibilityChange() {
  if (state === null) return;
  state.setHidden(document.hidden);
  if (document.hidden) return;
  unread = 0;
  unreadMentions = 0;
  view.setTitle(state.room, 0);
}

/** A recent room's link: switch in place (a click with a modifier key opens it elsewhere, as links do). */
function onRecentClick(event) {
  const link = event.target.closest('a[data-room]');
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  view.closePanels();
  enterRoom(link.dataset.room, state.wantedNick, 'push');
}

/** Puts the current room's address on the clipboard, or shows it to copy by hand where that fails. */
async function onCopyLink() {
  const url = urlForRoom(state.room);
  try {
    await navigator.clipboard.writeText(url);
    view.showNotice(`Link to #${state.room} copied.`, { kind: 'info' });
  } catch {
    view.showNotice(`Copy this link to share the room: ${url}`, { kind: 'info', sticky: true });
  }
}

async function onNotifyToggle() {
  const now = await toggleNotify();
  view.renderNotify(now);
  if (now === 'blocked') {
    view.showNotice('This browser blocks notifications from this page: allow them in its site settings.', { kind: 'info' });
  }
}

/** Back/forward or an edited #room: follow the address bar. */
function onAddressChange() {
  const room = roomFromUrl() ?? DEFAULT_ROOM;
  if (state === null) {
    view.els.joinRoom.value = room; // still on the join screen
    return;
  }
  if (room === state.room) return;
  if (isValidRoom(room)) {
    enterRoom(room, state.wantedNick, 'replace');
  } else {
    view.showNotice(`“${room}” is not a valid room name: ${ROOM_RULE_TEXT}.`);
  }
}

const { els } = view;
els.joinForm.addEventListener('submit', onSubmitJoin);
els.composer.addEventListener('submit', onSubmitMessage);
els.text.addEventListener('input', () => {
  typingNotifier.input(els.text.value.trim() !== '');
  view.composerChanged();
});
els.text.addEventListener('keydown', (event) => {
  // Enter sends and Shift+Enter adds a line; Enter that ends an input method's composition does neither
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  els.composer.requestSubmit();
});
els.nickForm.addEventListener('submit', onSubmitNick);
els.roomForm.addEventListener('submit', onSubmitRoom);
els.loadOlder.addEventListener('click', onLoadOlder);
els.notify.addEventListener('click', onNotifyToggle);
els.recentList.addEventListener('click', onRecentClick);
els.copyLink.addEventListener('click', onCopyLink);
els.messages.addEventListener('click', onPendingAction);
els.retry.addEventListener('click', () => connection?.retryNow());
document.addEventListener('visibilitychange', onVisibilityChange);
window.addEventListener('popstate', onAddressChange);
window.addEventListener('hashchange', () => {
  // a #room typed in the address bar wins over the ?room= already there
  const hashRoom = roomFromHash(location.hash);
  if (hashRoom !== null && isValidRoom(hashRoom)) history.replaceState(null, '', urlForRoom(hashRoom));
  onAddressChange();
});
window.addEventListener('online', () => {
  if (state !== null && connectionState === 'waiting') connection?.retryNow();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') view.closePanels();
});

view.renderNotify(notifyState());
start();
