// The page's length rule (js/limits.js): code points after trimming, as the server counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TEXT_LENGTH, counterText, lengthStatus, textLength, tooLongText } from '../../main/webapp/js/limits.js';

test('an emoji outside the BMP counts as one character, not two UTF-16 units', () => {
  assert.equal(textLength('👋'), 1);
  assert.equal(textLength('👋'.repeat(1500)), 1500);
  assert.equal('👋'.repeat(1500).length, 3000);
});

test('blank space at both ends is not counted; inside it is, line breaks too', () => {
  assert.equal(textLength('  a b\nc \n'), 5);
  assert.equal(textLength(''), 0);
});

test('1001 emoji (2002 UTF-16 units) are within the limit', () => {
  const status = lengthStatus('👋'.repeat(1001));
  assert.equal(status.over, false);
  assert.equal(status.left, MAX_TEXT_LENGTH - 1001);
});

test('exactly the limit may be sent; one more may not', () => {
  assert.equal(lengthStatus('x'.repeat(MAX_TEXT_LENGTH)).over, false);
  assert.equal(lengthStatus('x'.repeat(MAX_TEXT_LENGTH + 1)).over, true);
  assert.equal(lengthStatus('x'.repeat(MAX_TEXT_LENGTH + 1)).left, -1);
});

test('the counter shows from 90 % of the limit', () => {
  assert.equal(lengthStatus('x'.repeat(1799)).showCounter, false);
  assert.equal(lengthStatus('x'.repeat(1800)).showCounter, true);
  assert.equal(lengthStatus('x', 10).showCounter, false);
  assert.equal(lengthStatus('x'.repeat(9), 10).showCounter, true);
});

test('counter and refusal words', () => {
  assert.equal(counterText(lengthStatus('x'.repeat(1999))), '1 character left');
  assert.equal(counterText(lengthStatus('x'.repeat(1800))), '200 characters left');
  assert.equal(counterText(lengthStatus('x'.repeat(2001))), '1 character over the limit');
  assert.equal(counterText(lengthStatus('x'.repeat(2005))), '5 characters over the limit');
  assert.equal(tooLongText(lengthStatus('x'.repeat(2005))),
    'That message is 2005 characters long: at most 2000 can be sent. Shorten it by 5 to send it.');
});
