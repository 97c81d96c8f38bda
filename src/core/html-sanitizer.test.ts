// The allow-list sanitiser and the version diff's HTML: no script, no event handler, no
// javascript: URL survives, while plain formatting does.
import { describe, expect, it } from 'vitest';
import { escapeHtml, sanitizeUserHtml } from './html-sanitizer.js';

const payloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<iframe src="https://example.org"></iframe>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<p onclick="alert(1)">hi</p>',
  '<object data="x.swf"></object>',
  '<embed src="x">',
  '<form action="https://evil"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil/">',
  '<link rel=stylesheet href=https://evil>',
  '"><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<details open ontoggle=alert(1)>',
  '<a href="//evil.example/">x</a>',
];

describe('sanitizeUserHtml', () => {
  it.each(payloads)('neutralises %s', (payload) => {
    const clean = sanitizeUserHtml(payload);
    expect(clean).not.toMatch(/<script|<iframe|<object|<embed|<svg|<img|<meta|<base|<link|<form|<style/i);
    expect(clean).not.toMatch(/\son\w+\s*=/i);
    expect(clean).not.toMatch(/javascript:|data:/i);
    expect(clean).not.toMatch(/href="\/\//);
  });

  it('keeps plain formatting and safe links', () => {
    expect(
      sanitizeUserHtml(
        '<p><strong>Kazakhstan</strong> <em>and</em> <a href="https://example.org/x" onclick="x()">Kabul</a></p>',
      ),
    ).toBe(
      '<p><strong>Kazakhstan</strong> <em>and</em> <a href="https://example.org/x" rel="noopener noreferrer ' +
        'nofollow">Kabul</a></p>',
    );
    expect(sanitizeUserHtml('<ins>new</ins><del>old</del>')).toBe('<ins>new</ins><del>old</del>');
  });

  it('escapes text so it is never markup', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
    );
    expect(sanitizeUserHtml(escapeHtml('<script>alert(1)</script>'))).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
