// Recent rooms (js/recent.js): most recent first, no repeats, valid names only, bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RECENT_MAX, cleanRecent, withRecent } from '../../main/webapp/js/recent.js';

test('the room joined goes first, moved up when it was there', () => {
  assert.deepEqual(withRecent([], 'lobby'), ['lobby']);
  assert.deepEqual(withRecent(['a', 'b', 'c'], 'c'), ['c', 'a', 'b']);
  assert.deepEqual(withRecent(['a', 'b'], 'new'), ['new', 'a', 'b']);
});

test('the list keeps at most RECENT_MAX rooms, dropping the oldest', () => {
  const full = Array.from({ length: RECENT_MAX }, (_, i) => `r${i}`);
  const next = withRecent(full, 'newest');
  assert.equal(next.length, RECENT_MAX);
  assert.equal(next[0], 'newest');
  assert.equal(next.includes(`r${RECENT_MAX - 1}`), false);
});

test('what was stored is cleaned: not a list, invalid names and repeats are dropped', () => {
  assert.deepEqual(cleanRecent(null), []);
  assert.deepEqual(cleanRecent({ a: 1 }), []);
  assert.deepEqual(cleanRecent(['ok', 'not ok', 42, '<b>', 'ok', 'x'.repeat(65), 'fine']), ['ok', 'fine']);
  assert.deepEqual(withRecent(['a'], 'bad room'), ['a'], 'an invalid room is not added');
});
