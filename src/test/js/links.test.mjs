// Link finding (js/links.js): only http(s) addresses become links, the rest stays text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLinks } from '../../main/webapp/js/links.js';

const joined = (parts) => parts.map((p) => p.text).join('');
const links = (text) => splitLinks(text).filter((p) => p.type === 'link').map((p) => p.href);

test('text without an address is one text part', () => {
  assert.deepEqual(splitLinks('hello there'), [{ type: 'text', text: 'hello there' }]);
  assert.deepEqual(splitLinks(''), []);
});

test('an http and an https address between words become links', () => {
  const parts = splitLinks('see https://example.com/a?b=1#c and http://example.org now');
  assert.deepEqual(parts, [
    { type: 'text', text: 'see ' },
    { type: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
    { type: 'text', text: ' and ' },
    { type: 'link', text: 'http://example.org', href: 'http://example.org/' },
    { type: 'text', text: ' now' },
  ]);
});

test('other schemes stay text', () => {
  for (const text of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd', 'ftp://example.com/x', 'JaVaScRiPt:alert(1)', 'vbscript:msgbox(1)',
    'javascript://https://example.com/%0aalert(1)']) {
    assert.deepEqual(links(text).filter((href) => !href.startsWith('https://example.com')), [], text);
    for (const part of splitLinks(text)) {
      if (part.type === 'link') assert.match(part.href, /^https?:/u, text);
    }
  }
  assert.deepEqual(links('javascript:alert(1)'), []);
  assert.deepEqual(links('data:text/html;base64,PHNjcmlwdD4='), []);
});

test('sentence punctuation after an address is not part of it; a closing bracket of its own is', () => {
  assert.deepEqual(links('Look: https://example.com/page.'), ['https://example.com/page']);
  assert.deepEqual(links('(see https://example.com/x)'), ['https://example.com/x']);
  assert.deepEqual(links('https://en.wikipedia.org/wiki/Java_(programming_language)'),
    ['https://en.wikipedia.org/wiki/Java_(programming_language)']);
  assert.deepEqual(links('really? https://example.com/?q=1!'), ['https://example.com/?q=1']);
});

test('an address without a host, or broken, stays text', () => {
  assert.deepEqual(links('http:// nothing'), []);
  assert.deepEqual(links('https://'), []);
});

test('quotes and angle brackets end an address, so no markup gets into it', () => {
  assert.deepEqual(links('<a href="https://example.com/x">'), ['https://example.com/x']);
  assert.deepEqual(links('https://example.com/<script>'), ['https://example.com/']);
});

test('joining the parts gives the text back, line breaks included', () => {
  for (const text of ['a https://x.example/b. c', 'line one\nhttps://example.com\nline three',
    '👋 https://example.com/👋 👋', 'http://a.example http://b.example']) {
    assert.equal(joined(splitLinks(text)), text);
  }
});
