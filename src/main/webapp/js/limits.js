/**
 * The message length rule as the server applies it: a message's text is at most
 * MAX_TEXT_LENGTH characters (Unicode code points, not UTF-16 units: an emoji such as "👋" is
 * one) once trimmed. The server's constant is hubchat.protocol.Limits.MAX_TEXT_LENGTH; a unit
 * test (PageLimitsTest) keeps the two equal. Pure: no DOM here.
 */

/** Longest message text, in code points after trimming (Limits.MAX_TEXT_LENGTH). */
export const MAX_TEXT_LENGTH = 2000;
/** From this share of the limit on, the composer shows how many characters are left. */
export const COUNTER_FROM = 0.9;

/** Characters (code points) of `text` as the server counts them: after trimming both ends. */
export function textLength(text) {
  let count = 0;
  // for..of walks code points, so a surrogate pair counts once
  for (const _ of text.trim()) count += 1; // eslint-disable-line no-unused-vars
  return count;
}

/**
 * What the composer shows for `text`: its length, how many are left (negative when over),
 * whether the counter is shown (from COUNTER_FROM of the limit) and whether it may be sent.
 * @returns {{length: number, left: number, showCounter: boolean, over: boolean}}
 */
export function lengthStatus(text, max = MAX_TEXT_LENGTH) {
  const length = textLength(text);
  return {
    length,
    left: max - length,
    showCounter: length >= Math.ceil(max * COUNTER_FROM),
    over: length > max,
  };
}

/** The counter's words: "12 characters left" or "5 characters over the limit". */
export function counterText({ left }) {
  if (left >= 0) return `${left} character${left === 1 ? '' : 's'} left`;
  return `${-left} character${left === -1 ? '' : 's'} over the limit`;
}

/** The notice when an over-long message is refused before sending (nothing is cut). */
export function tooLongText({ length, left }, max = MAX_TEXT_LENGTH) {
  return `That message is ${length} characters long: at most ${max} can be sent. `
    + `Shorten it by ${-left} to send it.`;
}
