/**
 * Whether a message names you: "@nick" anywhere, or the nick as a word of its own (not inside a
 * longer word: "ann" is in "hi ann!" but not in "annual"), case-insensitively. Pure: no DOM here.
 */

/** Characters that make up a word, besides the nick's own: letters, marks, digits, "_" and "-". */
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_\\-]';

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

/** A matcher for messages naming `nick` (null for no nick). */
export function mentionPattern(nick) {
  if (typeof nick !== 'string' || nick.trim() === '') return null;
  return new RegExp(`(?<![@${WORD_CHAR.slice(1)})@?${escapeRegExp(nick)}(?!${WORD_CHAR})`, 'iu');
}

/** True when `text` names `nick` (see above). */
export function mentions(text, nick) {
  const pattern = mentionPattern(nick);
  return pattern !== null && typeof text === 'string' && pattern.test(text);
}
