/**
 * Desktop notifications for mentions while the tab is hidden. The browser's permission is asked
 * only when the user presses the page's control (never on load), and the user's choice to have
 * them is kept in localStorage, so that turning them off here needs no trip to the site settings.
 */

const NOTIFY_STORAGE_KEY = 'hubchat.notify';
/** Longest part of a message a notification shows. */
const BODY_MAX_CHARS = 200;

function supported() {
  return typeof window.Notification === 'function';
}

function wanted() {
  try {
    return localStorage.getItem(NOTIFY_STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function setWanted(on) {
  try {
    localStorage.setItem(NOTIFY_STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // storage disabled: the choice lasts as long as the page
  }
}

/** 'unsupported', 'blocked' (the browser says no), 'on' or 'off'. */
export function notifyState() {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && wanted() ? 'on' : 'off';
}

/**
 * The control was pressed: turns notifications off when on; otherwise asks the browser (which
 * prompts only the first time) and turns them on if allowed. Resolves to the new notifyState().
 */
export async function toggleNotify() {
  const now = notifyState();
  if (now === 'unsupported' || now === 'blocked') return now;
  if (now === 'on') {
    setWanted(false);
    return notifyState();
  }
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  setWanted(permission === 'granted');
  return notifyState();
}

/** Shows a notification for a message mentioning the user, when they are on. */
export function notifyMention(room, entry) {
  if (notifyState() !== 'on') return;
  const text = [...entry.text].slice(0, BODY_MAX_CHARS).join('');
  const note = new Notification(`${entry.from} mentioned you in #${room}`, { body: text, tag: `hubchat-${room}` });
  note.onclick = () => {
    window.focus();
    note.close();
  };
}
