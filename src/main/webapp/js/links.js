/**
 * Finding links in a message's text: only http: and https: addresses become links; every other
 * scheme (javascript:, data:, file:...) stays text. Returns parts for render.js to build as DOM
 * nodes (an <a> per link, text nodes otherwise), never markup. Pure: no DOM here.
 */

/** A candidate: http(s):// and everything up to the next blank or angle bracket or quote. */
const CANDIDATE = /\bhttps?:\/\/[^\s<>"]+/giu;
/** Punctuation that ends a sentence rather than the address, when it is last. */
const TRAILING = /[.,;:!?'’”)\]}*_]+$/u;

/** Drops closing punctuation at the end, but keeps a ")" that closes a "(" of the address. */
function trimTrailing(candidate) {
  let url = candidate;
  for (;;) {
    const match = url.match(TRAILING);
    if (!match) return url;
    const last = url[url.length - 1];
    if (last === ')' && count(url, '(') >= count(url, ')')) return url;
    url = url.slice(0, -1);
  }
}

function count(text, ch) {
  return text.split(ch).length - 1;
}

/** The address as a link target, or null when it does not parse as an http(s) URL with a host. */
function linkTarget(url) {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') return null;
    return parsed.href;
  } catch {
    return null;
  }
}

/**
 * Splits `text` into parts in order: {type: 'text', text} and {type: 'link', text, href}, where
 * `text` is what shows (the address as written) and `href` the parsed http(s) URL. Joining every
 * part's text gives `text` back.
 * @returns {Array<{type: 'text', text: string} | {type: 'link', text: string, href: string}>}
 */
export function splitLinks(text) {
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimTrailing(match[0]);
    const href = linkTarget(url);
    if (href === null) continue;
    if (match.index > at) parts.push({ type: 'text', text: text.slice(at, match.index) });
    parts.push({ type: 'link', text: url, href });
    at = match.index + url.length;
  }
  if (at < text.length) parts.push({ type: 'text', text: text.slice(at) });
  return parts;
}
