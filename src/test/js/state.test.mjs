// ChatState (js/state.js): where the "new messages" divider goes, mentions, merging by id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatState } from '../../main/webapp/js/state.js';

const msg = (id, from, text, ts = 1_700_000_000_000) => ({ type: 'message', id, from, text, ts });
const welcome = (history, extra = {}) => ({ type: 'welcome', you: 'ann', members: ['ann', 'bob'], history, ...extra });

test('no divider while the user is here, nor for the history of the first welcome', () => {
  const state = new ChatState('room', 'ann');
  state.applyWelcome(welcome([msg('1', 'bob', 'old')]));
  state.addMessage(msg('2', 'bob', 'live'));
  assert.equal(state.newFrom, null);
});

test('the divider goes before the first message from others that came while the page was hidden', () => {
  const state = new ChatState('room', 'ann');
  state.applyWelcome(welcome([]));
  state.setHidden(true);
  state.addMessage(msg('1', 'ann', 'mine, from another tab'));
  state.addMessage(msg('2', 'bob', 'first while away'));
  state.addMessage(msg('3', 'bob', 'second while away'));
  assert.equal(state.newFrom, 'm:2');
  state.setHidden(false);
  state.addMessage(msg('4', 'bob', 'back'));
  assert.equal(state.newFrom, 'm:2', 'stays once back');
  state.setHidden(true);
  assert.equal(state.newFrom, null, 'a new absence starts afresh');
  state.addMessage(msg('5', 'bob', 'away again'));
  assert.equal(state.newFrom, 'm:5');
});

test('messages a reconnect brings after a disconnection get the divider', () => {
  const state = new ChatState('room', 'ann');
  state.applyWelcome(welcome([msg('1', 'bob', 'before')]));
  state.setOffline();
  assert.equal(state.away, true);
  state.applyWelcome(welcome([msg('2', 'bob', 'missed one'), msg('3', 'bob', 'missed two')], { resumed: true }));
  assert.equal(state.newFrom, 'm:2');
  assert.equal(state.away, false, 'back once welcomed');
});

test('a disconnection before the first welcome is not an absence', () => {
  const state = new ChatState('room', 'ann');
  state.setOffline();
  state.applyWelcome(welcome([msg('1', 'bob', 'history')]));
  assert.equal(state.newFrom, null);
});

test('a message from others naming you is a mention; yours never', () => {
  const state = new ChatState('room', 'ann');
  state.applyWelcome(welcome([msg('1', 'bob', 'hi @ann')]));
  const live = state.addMessage(msg('2', 'bob', 'ann?'));
  const own = state.addMessage(msg('3', 'ann', 'ann here'));
  const other = state.addMessage(msg('4', 'bob', 'annual'));
  assert.equal(state.entries.get('m:1').mention, true);
  assert.equal(live.mention, true);
  assert.equal(own.mention, false);
  assert.equal(other.mention, false);
});

test('a message already shown is not added twice', () => {
  const state = new ChatState('room', 'ann');
  state.applyWelcome(welcome([msg('1', 'bob', 'one')]));
  assert.equal(state.addMessage(msg('1', 'bob', 'one')), null);
  assert.deepEqual(state.order, ['m:1']);
});
