// Markdown and front-matter refusals: block-dense documents, oversized paragraphs, code-span
// backtick runs and hard line breaks are refused by the linear pre-scan (LIMIT_EXCEEDED with
// line and column, before the parser runs); front-matter values that are not single values,
// cyclic aliases and prototype-named keys are handled in ingest, never reaching the store.
import { describe, expect, it } from 'vitest';
import { isDossierError } from '../model/index.js';
import { ingestProfile } from './ingest-profile.js';
import { ingestLimits } from './ingest-limits.js';

const head = '# Kazakhstan\n\n## Profile\n\nKazakhstan borders Uzbekistan. Astana follows events in Kabul.\n\n';
const ingest = (markdown: string) =>
  ingestProfile({ bytes: Buffer.from(markdown, 'utf8'), name: 'p.md', format: 'markdown' });

/** Runs ingest and returns the refusal, failing when the document is accepted or refused otherwise. */
function refusal(markdown: string) {
  const before = process.cpuUsage();
  try {
    ingest(markdown);
  } catch (error) {
    const used = process.cpuUsage(before);
    if (!isDossierError(error)) throw error;
    // Refused by the pre-scan: far below the parser's cost (seconds) for these shapes.
    expect((used.user + used.system) / 1000).toBeLessThan(500);
    return error;
  }
  throw new Error('accepted');
}

describe('Markdown pre-scan limits', () => {
  it('refuses more headings than the limit at the first heading over it', () => {
    const sections = Array.from({ length: 30_000 }, (_, i) => `## Section ${i}\n\nLine ${i} about Kabul.\n`).join('\n');
    const error = refusal(head + sections);
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.expected).toContain(`${ingestLimits.markdownHeadings.max} Markdown headings`);
    expect(error.line).toBeGreaterThan(ingestLimits.markdownHeadings.max);
    expect(error.column).toBe(1);
  });

  it('refuses block-dense documents (list items) past the block limit', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `${i + 1}. Interest ${i}`).join('\n');
    const error = refusal(`${head}## Key Interests\n\n${items}\n`);
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.expected).toContain('Markdown blocks');
    expect(error.line).toBeGreaterThan(1000);
  });

  it('refuses an oversized paragraph at its first line', () => {
    const error = refusal(`${head}${'word '.repeat(20_000)}\n`);
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.expected).toContain('one Markdown paragraph');
    expect([error.line, error.column]).toEqual([7, 1]);
  });

  it('refuses many backtick runs in one paragraph (unclosed code spans)', () => {
    const runs = Array.from({ length: 300 }, (_, i) => `${'`'.repeat((i % 7) + 1)}x`).join(' ');
    const error = refusal(`${head}${runs}\n`);
    expect(error.expected).toContain('backticks');
    expect(error.line).toBe(7);
  });

  it('refuses masses of hard line breaks in one paragraph, backslash or two blanks', () => {
    for (const brk of ['\\', '  ']) {
      const error = refusal(`${head}${`a${brk}\n`.repeat(2_000)}`);
      expect(error.expected).toContain('hard line breaks');
      expect(error.line).toBe(7 + ingestLimits.markdownHardBreaks.max);
    }
  });

  it('does not count code-fence contents as paragraphs, headings or backtick runs', () => {
    const code = `\`\`\`\n${'# comment `x`\n'.repeat(3_000)}\`\`\`\n`;
    const document = ingest(`${head}${code}\nAstana trades with Tashkent.\n`);
    expect(document.text).toContain('Astana trades with Tashkent.');
  });

  it('accepts a real-sized document with many sections and interests', () => {
    const sections = Array.from(
      { length: 300 },
      (_, i) => `### Topic ${i}\n\nKazakhstan discussed item ${i} with Uzbekistan.\n`,
    ).join('\n');
    const interests = Array.from({ length: 200 }, (_, i) => `${i + 1}. Interest ${i} in trade.`).join('\n');
    const document = ingest(`${head}${sections}\n## Key Interests\n\n${interests}\n`);
    expect(document.interests.length).toBe(200);
  });
});

describe('front-matter values', () => {
  const withFrontMatter = (yaml: string) => `---\n${yaml}---\n${head}`;

  it.each([
    ['a cyclic alias used as the actor', 'a: &a [*a]\nactor: *a\n', 2],
    ['a cyclic alias kept as an extra key', 'title: x\nb: &b {self: *b}\n', 3],
    ['a list as the actor', 'actor: [Kazakhstan, Uzbekistan]\n', 2],
    ['a mapping as the actor', 'actor: {name: Kazakhstan}\n', 2],
    ['a list as the date', 'country: KAZ\nas_of: [2024, 2025]\n', 3],
    ['a number as the country', 'country: 5\n', 2],
  ])('refuses %s as an input error with line and column', (_name, yaml, line) => {
    try {
      ingest(withFrontMatter(yaml));
      throw new Error('accepted');
    } catch (error) {
      if (!isDossierError(error)) throw error;
      expect(error.code).toBe('INVALID_DOCUMENT');
      expect(error.status).toBeLessThan(500);
      expect([error.line, error.column]).toEqual([line, 1]);
    }
  });

  it('coerces dates, numbers and booleans to text', () => {
    const document = ingest(withFrontMatter('as_of: 2024-06-30\nsource: 42\nauthor: true\n'));
    expect(document.metadata).toMatchObject({ asOf: '2024-06-30', source: '42', author: 'true' });
  });

  it('keeps prototype-named keys as plain data without polluting any prototype', () => {
    const document = ingest(
      withFrontMatter('__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\nprototype: 1\n'),
    );
    const extra = document.metadata.extra;
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(Object.keys(extra).sort()).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(extra))).toEqual(
      JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":1}'),
    );
  });
});
