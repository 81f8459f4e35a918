// Day separators (js/days.js): between entries of different local days only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayKey, dayLabel, daySeparators } from '../../main/webapp/js/days.js';

const at = (y, m, d, h = 12) => new Date(y, m - 1, d, h).getTime();

test('today and yesterday by name, other days by date', () => {
  const now = at(2026, 12, 2, 9);
  assert.equal(dayLabel(at(2026, 12, 2, 0), now), 'Today');
  assert.equal(dayLabel(at(2026, 12, 1, 23), now), 'Yesterday');
  assert.notEqual(dayLabel(at(2026, 11, 30), now), 'Yesterday');
  assert.match(dayLabel(at(2026, 11, 30), now), /30/u);
  assert.match(dayLabel(at(2025, 11, 30), now), /2025/u, 'another year shows its year');
});

test('a separator where the day changes, none before the first entry', () => {
  const now = at(2026, 12, 2, 18);
  const entries = [
    { key: 'a', ts: at(2026, 11, 30, 10) }, { key: 'b', ts: at(2026, 11, 30, 23) },
    { key: 'c', ts: at(2026, 12, 1, 0) }, { key: 'd', ts: at(2026, 12, 2, 8) }, { key: 'e', ts: at(2026, 12, 2, 9) },
  ];
  assert.deepEqual([...daySeparators(entries, now)], [['c', 'Yesterday'], ['d', 'Today']]);
  assert.deepEqual([...daySeparators([], now)], []);
  assert.equal(dayKey(at(2026, 12, 2, 0)), dayKey(at(2026, 12, 2, 23)));
});
