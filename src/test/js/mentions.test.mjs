// Mention matching (js/mentions.js): "@nick" or the nick as a word, case-insensitively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentions } from '../../main/webapp/js/mentions.js';

test('@nick and the nick as a word are mentions', () => {
  assert.equal(mentions('@ann can you look?', 'ann'), true);
  assert.equal(mentions('thanks ann!', 'ann'), true);
  assert.equal(mentions('Ann, lunch?', 'ann'), true);
  assert.equal(mentions('hey @ANN', 'ann'), true);
  assert.equal(mentions('ann', 'ann'), true);
  assert.equal(mentions('line one\nann: line two', 'ann'), true);
});

test('the nick inside a longer word, or another nick that starts with it, is not', () => {
  assert.equal(mentions('the annual report', 'ann'), false);
  assert.equal(mentions('joanne', 'ann'), false);
  assert.equal(mentions('ann-2 said so', 'ann'), false);
  assert.equal(mentions('ask ann_b', 'ann'), false);
  assert.equal(mentions('write to bob@ann.example', 'ann'), false);
});

test('nicks with characters that mean something in a pattern match only themselves', () => {
  assert.equal(mentions('hi a.n', 'a.n'), true);
  assert.equal(mentions('hi ann', 'a.n'), false);
  assert.equal(mentions('ping ben-2', 'ben-2'), true);
  assert.equal(mentions('ping ben-23', 'ben-2'), false);
  assert.equal(mentions('(x+y) done', 'x+y'), true);
});

test('nicks in other scripts', () => {
  assert.equal(mentions('привет, Анна!', 'анна'), true);
  assert.equal(mentions('Аннабель', 'анна'), false);
  assert.equal(mentions('こんにちは @さくら', 'さくら'), true);
});

test('no nick, no mention', () => {
  assert.equal(mentions('anything', null), false);
  assert.equal(mentions('anything', ''), false);
});
