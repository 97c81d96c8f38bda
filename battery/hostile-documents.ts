// The malformed-document family of the battery: hundreds of seeded hostile inputs in every
// format (plain text, Markdown, HTML and raw bytes): truncations, broken and mixed encodings,
// control and invisible characters, extreme lines and nesting, pathological repetition, YAML
// bombs, entity floods, binary headers, empty shells, huge item counts and the exact files of
// issue 8. Each case builds its bytes on demand (some are megabytes).
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { Random, repositoryRoot } from './battery-support.js';

export type DocumentFormat = 'text' | 'markdown' | 'html';

export interface HostileDocument {
  /** Unique, descriptive: `family/kind/format/size`. */
  id: string;
  /** The file name given to ingest (its extension picks the format). */
  file: string;
  make(): Buffer;
}

const formats: readonly DocumentFormat[] = ['text', 'markdown', 'html'];
const extensionOf: Record<DocumentFormat, string> = { text: 'txt', markdown: 'md', html: 'html' };

const fixture = (relative: string) => readFileSync(path.join(repositoryRoot, relative));
const baseDocuments: Record<DocumentFormat, Buffer> = {
  text: fixture('test-fixtures/seed-kazakhstan.txt'),
  markdown: fixture('test-fixtures/seed-variants/seed-front-matter.md'),
  html: fixture('test-fixtures/seed-variants/seed-page.html'),
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A well-formed profile in `format` whose Profile section is `body` (raw: not escaped for HTML). */
export function profileAround(
  format: DocumentFormat,
  body: string,
  options: { title?: string; interests?: string } = {},
): string {
  const title = options.title ?? 'Kazakhstan';
  const interests = options.interests ?? '1. Trade\nKazakhstan wants trade routes through Afghanistan.';
  if (format === 'text') return `${title}\n\nProfile\n${body}\n\nKey Interests & Priorities\n${interests}\n`;
  if (format === 'markdown')
    return `# ${title}\n\n## Profile\n\n${body}\n\n## Key Interests & Priorities\n\n${interests}\n`;
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>` +
    `<h1>${escapeHtml(title)}</h1><h2>Profile</h2><p>${body}</p><h2>Key Interests &amp; Priorities</h2>` +
    `<ol><li><p>Trade</p><p>${escapeHtml(interests)}</p></li></ol></main></body></html>`
  );
}

/** `unit` repeated to about `bytes` bytes. */
const repeatTo = (unit: string, bytes: number) =>
  unit.repeat(Math.max(1, Math.ceil(bytes / Math.max(1, Buffer.byteLength(unit)))));
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const kb = (bytes: number) =>
  bytes >= 1048576 ? `${+(bytes / 1048576).toFixed(1)}MB` : `${Math.round(bytes / 1024)}KB`;

/** Inserts `piece` into `bytes` at `count` seeded positions. */
function sprinkle(bytes: Buffer, piece: Buffer, count: number, random: Random): Buffer {
  const cuts = Array.from({ length: count }, () => random.int(0, bytes.length)).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let last = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(last, cut), piece);
    last = cut;
  }
  parts.push(bytes.subarray(last));
  return Buffer.concat(parts);
}

/** Inserts `between` after every character of `text` (zero-width floods and the like). */
const interleave = (text: string, between: string) => Array.from(text).join(between);

// Binary file signatures, padded with seeded noise.
const binaryHeaders: Record<string, Buffer> = {
  pdf: utf8('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  elf: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x3e, 0x00]),
  gzip: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  gif: utf8('GIF89a\x01\x00\x01\x00'),
  wasm: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
  sqlite: utf8('SQLite format 3\u0000'),
  'windows-exe': Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]),
};

/** Issue 8's exact hostile files (and their close relatives). */
function issueExamples(): HostileDocument[] {
  const big = 4.5 * 1024 * 1024;
  return [
    { id: 'issue8/A-dot-repeated/text/4.5MB', file: 'a-dot.txt', make: () => utf8(repeatTo('A. ', big)) },
    { id: 'issue8/A-dot-repeated/text/60KB', file: 'a-dot-60k.txt', make: () => utf8(repeatTo('A. ', 60 * 1024)) },
    { id: 'issue8/A-dot-repeated/text/120KB', file: 'a-dot-120k.txt', make: () => utf8(repeatTo('A. ', 120 * 1024)) },
    {
      id: 'issue8/front-matter-50000-keys/markdown',
      file: 'keys.md',
      make: () =>
        utf8(
          `---\n${Array.from({ length: 50_000 }, (_, i) => `key${i}: value ${i}`).join('\n')}\n---\n` +
            profileAround('markdown', 'Kazakhstan trades with ' + 'Afghanistan.'),
        ),
    },
    {
      id: 'issue8/blockquote-100000/markdown',
      file: 'quotes.md',
      make: () => utf8(profileAround('markdown', `${'>'.repeat(100_000)} Kazakhstan.`)),
    },
    {
      id: 'issue8/nested-brackets-100000/markdown',
      file: 'brackets.md',
      make: () => utf8(profileAround('markdown', `${'['.repeat(100_000)}Kazakhstan`)),
    },
    {
      id: 'issue8/unclosed-links-50000/markdown',
      file: 'unclosed-links.md',
      make: () => utf8(profileAround('markdown', repeatTo('[Astana](http://example.org/a ', 1_500_000))),
    },
    {
      id: 'issue8/link-definitions-50000/markdown',
      file: 'link-defs.md',
      make: () =>
        utf8(
          profileAround(
            'markdown',
            'Kazakhstan [trade][d1].\n\n' +
              Array.from({ length: 50_000 }, (_, i) => `[d${i}]: http://example.org/${i} "t${i}"`).join('\n'),
          ),
        ),
    },
    {
      id: 'issue8/html-10000-unclosed-tags/html/140KB',
      file: 'unclosed.html',
      make: () => utf8(profileAround('html', `${repeatTo('<div><span><b>K ', 140 * 1024).slice(0, 140 * 1024)}`)),
    },
    {
      id: 'issue8/nested-lists-50000/markdown',
      file: 'nested-lists.md',
      make: () =>
        utf8(
          profileAround(
            'markdown',
            Array.from({ length: 50_000 }, (_, i) => `${' '.repeat(Math.min(i, 60) * 2)}- item ${i}`).join('\n'),
          ),
        ),
    },
    {
      id: 'issue8/nested-lists-50000/html',
      file: 'nested-lists.html',
      make: () => utf8(profileAround('html', `${'<ul><li>x '.repeat(50_000)}Kazakhstan`)),
    },
    {
      id: 'issue8/nested-tables-50000/html',
      file: 'nested-tables.html',
      make: () => utf8(profileAround('html', `${'<table><tr><td>'.repeat(50_000)}Kazakhstan`)),
    },
    {
      id: 'issue8/nested-list-markers-50000/markdown',
      file: 'list-markers.md',
      make: () => utf8(profileAround('markdown', `${'- '.repeat(50_000)}Kazakhstan`)),
    },
    {
      id: 'issue8/nested-tables-50000/markdown',
      file: 'md-tables.md',
      make: () => utf8(profileAround('markdown', `${'<table><tr><td>'.repeat(50_000)}Kazakhstan`)),
    },
  ];
}

// Tokens every parser and extraction stage knows: abbreviations, delimiters, markers, dates, names.
const repetitionUnits: readonly string[] = [
  'A. ',
  'e.g. ',
  'U.S. ',
  'Mr. ',
  'St. ',
  '1. ',
  '1) ',
  '- ',
  '* ',
  '# ',
  '> ',
  '[',
  '](',
  '[a](x ',
  '[a]: http://x\n',
  '<',
  '</',
  '<div>',
  '&amp;',
  '&#',
  '"',
  "'",
  '(',
  ')',
  '{',
  '`',
  '```\n',
  '***',
  '_',
  '~~',
  '| a |\n',
  '12 March 2021 ',
  'mid-October 2021, ',
  '2021–2022 ',
  '$1.5 billion ',
  '1,000,000 tonnes ',
  'John Smith ',
  'Kazakhstan ',
  'Afghanistan and Pakistan ',
  'the Taliban ',
  "Astana's ",
  'IMU, ',
  'CASA-1000 ',
  'Key Interests & Priorities\n',
  'Profile\n',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '. ',
  '...',
  '!? ',
  'Kazakhstan signed an agreement with Uzbekistan. ',
  'In 2021 the Taliban took Kabul and Astana sent 500 tonnes of wheat. ',
];

const unitLabel = (unit: string) => JSON.stringify(unit).slice(1, -1).slice(0, 24) || 'empty';

function repetitionCases(sizes: readonly number[]): HostileDocument[] {
  const cases: HostileDocument[] = [];
  for (const unit of repetitionUnits) {
    for (const format of formats) {
      for (const size of sizes) {
        cases.push({
          id: `repetition/${unitLabel(unit)}/${format}/${kb(size)}`,
          file: `repeat.${extensionOf[format]}`,
          make: () => utf8(profileAround(format, repeatTo(unit, size))),
        });
      }
    }
  }
  // The whole document is the repetition (no structure at all).
  for (const unit of ['A. ', '# ', '<p>', '1. ', '> ', '[', '&amp;']) {
    for (const format of formats) {
      const size = sizes[sizes.length - 1]!;
      cases.push({
        id: `repetition-only/${unitLabel(unit)}/${format}/${kb(size)}`,
        file: `only.${extensionOf[format]}`,
        make: () => utf8(repeatTo(unit, size)),
      });
    }
  }
  return cases;
}

function nestingCases(depths: readonly number[]): HostileDocument[] {
  const nesters: Array<{ kind: string; format: DocumentFormat; build(depth: number): string }> = [
    { kind: 'blockquote', format: 'markdown', build: (d) => `${'> '.repeat(d)}Kazakhstan` },
    {
      kind: 'blockquote-lines',
      format: 'markdown',
      build: (d) => Array.from({ length: d }, (_, i) => '>'.repeat(Math.min(i + 1, 2000))).join('\n'),
    },
    {
      kind: 'list-indent',
      format: 'markdown',
      build: (d) => Array.from({ length: d }, (_, i) => `${'  '.repeat(i % 400)}- x`).join('\n'),
    },
    { kind: 'ordered-inline', format: 'markdown', build: (d) => `${'1. '.repeat(d)}Kazakhstan` },
    { kind: 'brackets', format: 'markdown', build: (d) => `${'['.repeat(d)}Kazakhstan${']'.repeat(d)}` },
    { kind: 'link-in-link', format: 'markdown', build: (d) => `${'[a '.repeat(d)}${'](x)'.repeat(d)}` },
    { kind: 'emphasis', format: 'markdown', build: (d) => `${'*_'.repeat(d)}Kazakhstan${'_*'.repeat(d)}` },
    { kind: 'parentheses', format: 'text', build: (d) => `Kazakhstan ${'('.repeat(d)}trade${')'.repeat(d)}.` },
    { kind: 'quotes', format: 'text', build: (d) => `Kazakhstan ${'"\''.repeat(d)} said.` },
    { kind: 'div', format: 'html', build: (d) => `${'<div>'.repeat(d)}Kazakhstan${'</div>'.repeat(d)}` },
    { kind: 'div-unclosed', format: 'html', build: (d) => `${'<div>'.repeat(d)}Kazakhstan` },
    { kind: 'table', format: 'html', build: (d) => `${'<table><tr><td>'.repeat(d)}Kazakhstan` },
    { kind: 'list', format: 'html', build: (d) => `${'<ol><li>'.repeat(d)}Kazakhstan` },
    {
      kind: 'misnested-inline',
      format: 'html',
      build: (d) => `${'<b><i>'.repeat(d)}Kazakhstan${'</b></i>'.repeat(d)}`,
    },
    { kind: 'comments', format: 'html', build: (d) => `${'<!--'.repeat(d)}Kazakhstan` },
    { kind: 'svg', format: 'html', build: (d) => `<svg>${'<g>'.repeat(d)}</svg>Kazakhstan` },
  ];
  const cases: HostileDocument[] = [];
  for (const nester of nesters) {
    for (const depth of depths) {
      cases.push({
        id: `nesting/${nester.kind}/${nester.format}/${depth}`,
        file: `nest.${extensionOf[nester.format]}`,
        make: () => utf8(profileAround(nester.format, nester.build(depth))),
      });
    }
  }
  return cases;
}

function frontMatterCases(): HostileDocument[] {
  const md = (front: string, body = 'Kazakhstan trades with Afghanistan.') =>
    utf8(`---\n${front}\n---\n${profileAround('markdown', body)}`);
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 12; level++) {
    const prev = String.fromCharCode(96 + level);
    const next = String.fromCharCode(97 + level);
    laughs.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const cases: Array<[string, () => Buffer]> = [
    ['billion-laughs', () => md(laughs.join('\n'))],
    ['billion-laughs-into-actor', () => md(`${laughs.join('\n')}\nactor: *l`)],
    [
      'anchor-chain-1000',
      () =>
        md(
          Array.from({ length: 1000 }, (_, i) =>
            i === 0 ? 'k0: &k0 x' : `k${i}: &k${i} [*k${i - 1}, *k${i - 1}]`,
          ).join('\n'),
        ),
    ],
    ['recursive-alias', () => md('a: &a [*a]\nactor: *a')],
    ['keys-200000', () => md(Array.from({ length: 200_000 }, (_, i) => `k${i}: ${i}`).join('\n'))],
    ['duplicate-keys-20000', () => md(Array.from({ length: 20_000 }, () => 'actor: Kazakhstan').join('\n'))],
    ['value-4MB', () => md(`actor: Kazakhstan\nsource: ${'x'.repeat(4 * 1024 * 1024)}`)],
    ['key-1MB', () => md(`${'k'.repeat(1024 * 1024)}: 1`)],
    ['flow-nesting-10000', () => md(`deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}`)],
    ['map-nesting-5000', () => md(Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'))],
    ['unclosed-front-matter', () => utf8(`---\nactor: Kazakhstan\n${profileAround('markdown', 'Kazakhstan.')}`)],
    ['front-matter-only', () => utf8('---\nactor: Kazakhstan\ncountry: KAZ\n---\n')],
    ['invalid-yaml', () => md('actor: [unclosed\ncountry: {a: : :}\n\t- tab')],
    ['actor-not-a-string', () => md('actor: {name: [1, 2, {x: 3}]}\ncountry: 42\nas_of: [2021]')],
    [
      'bad-values',
      () => md('actor: ""\ncountry: ZZZZZZZZ\nas_of: 99999-99-99\nfocus: "\\u0000"\nsource: javascript:alert(1)'),
    ],
    ['yaml-tags', () => md('actor: !!binary aGVsbG8=\ncountry: !!js/function "function(){}"\nx: !custom {a: 1}')],
    ['multi-document', () => md('actor: Kazakhstan\n---\nactor: Uzbekistan\n...\n---\nactor: x')],
    ['actor-control-characters', () => md('actor: "Kaz\\u001b]0;pwned\\u0007akhstan\\u001b[2J"')],
    ['actor-10000-chars', () => md(`actor: ${'K'.repeat(10_000)}`)],
    [
      'merge-keys-bomb',
      () =>
        md(
          `base: &b {${Array.from({ length: 100 }, (_, i) => `k${i}: ${i}`).join(', ')}}\n` +
            Array.from({ length: 5000 }, (_, i) => `m${i}: {<<: *b}`).join('\n'),
        ),
    ],
  ];
  return cases.map(([kind, make]) => ({ id: `front-matter/${kind}/markdown`, file: 'front.md', make }));
}

function htmlCases(): HostileDocument[] {
  const html = (body: string) => utf8(profileAround('html', body));
  const cases: Array<[string, () => Buffer]> = [
    ['entity-flood-amp-1MB', () => html(repeatTo('&amp;', 1024 * 1024))],
    ['entity-flood-emoji', () => html(repeatTo('&#x1F600;', 1024 * 1024))],
    [
      'entity-invalid-codepoints',
      () => html(repeatTo('&#xFFFFFFFF;&#0;&#xD800;&#x110000;&#99999999999; ', 256 * 1024)),
    ],
    ['entity-unterminated', () => html(repeatTo('&ampamp&lt&#x41&#65 ', 256 * 1024))],
    ['entity-named-long', () => html(`&${'a'.repeat(1024 * 1024)};`)],
    ['script-4MB', () => html(`<script>${'var a=1;'.repeat(512 * 1024)}</script>Kazakhstan.`)],
    ['style-unclosed', () => html(`<style>${'a{}'.repeat(100_000)}`)],
    ['cdata', () => html(`<![CDATA[${'x]]'.repeat(100_000)}`)],
    [
      'attributes-100000',
      () => html(`<p ${Array.from({ length: 100_000 }, (_, i) => `a${i}="${i}"`).join(' ')}>Kazakhstan</p>`),
    ],
    ['attribute-value-4MB', () => html(`<p title="${'x'.repeat(4 * 1024 * 1024)}">Kazakhstan</p>`)],
    ['unclosed-attribute', () => html(`<p title="${'Kazakhstan '.repeat(50_000)}`)],
    ['main-nested', () => html(`${'<main>'.repeat(5000)}Kazakhstan`)],
    [
      'no-main-nav-only',
      () => utf8(`<html><body><nav>${'<a href="x">Kazakhstan</a>'.repeat(10_000)}</nav></body></html>`),
    ],
    [
      'template-and-foreign',
      () => html(`<template>${'<p>x'.repeat(10_000)}</template><math>${'<mi>x</mi>'.repeat(10_000)}</math>`),
    ],
    [
      'meta-charset-1251-with-utf8',
      () => utf8(`<meta charset="windows-1251">${profileAround('html', 'Казахстан и Афганистан.')}`),
    ],
    ['meta-charset-utf16', () => utf8(`<meta charset="utf-16">${profileAround('html', 'Kazakhstan.')}`)],
    [
      'headings-only-10000',
      () => utf8(`<html><body><main>${'<h1>Kazakhstan</h1><h2>Profile</h2>'.repeat(10_000)}</main></body></html>`),
    ],
    ['tag-soup-random', () => html(repeatTo('<p><b>x</p></b><td></tr><li></ol><h2>', 512 * 1024))],
    [
      'xss-payloads',
      () =>
        html(
          '<img src=x onerror=alert(1)><svg onload=alert(1)><a href="javascript:alert(1)">Kazakhstan</a><iframe ' +
            'srcdoc="<script>alert(1)</script>">',
        ),
    ],
  ];
  return cases.map(([kind, make]) => ({ id: `html/${kind}/html`, file: 'hostile.html', make }));
}

function manyItemsCases(): HostileDocument[] {
  const cases: HostileDocument[] = [];
  const interests = (count: number, format: DocumentFormat) =>
    Array.from({ length: count }, (_, i) =>
      format === 'html' ? `<li>Interest ${i + 1}</li>` : `${i + 1}. Interest ${i + 1}\nKazakhstan wants item ${i + 1}.`,
    ).join('\n');
  for (const format of formats) {
    const ext = extensionOf[format];
    cases.push(
      {
        id: `many/interests-10000/${format}`,
        file: `interests.${ext}`,
        make: () => utf8(profileAround(format, 'Kazakhstan.', { interests: interests(10_000, format) })),
      },
      {
        id: `many/sections-5000/${format}`,
        file: `sections.${ext}`,
        make: () =>
          utf8(
            profileAround(
              format,
              (format === 'markdown'
                ? '\n## Profile\n\nKazakhstan.\n'
                : format === 'html'
                  ? '<h2>Profile</h2><p>Kazakhstan.</p>'
                  : '\nProfile\nKazakhstan.\n'
              ).repeat(5000),
            ),
          ),
      },
      {
        id: `many/sentences-100000/${format}`,
        file: `sentences.${ext}`,
        make: () => utf8(profileAround(format, 'Ok. '.repeat(100_000))),
      },
      {
        id: `many/country-mentions-one-sentence/${format}`,
        file: `mentions.${ext}`,
        make: () =>
          utf8(profileAround(format, `${'Kazakhstan, Uzbekistan, Tajikistan, Afghanistan, '.repeat(20_000)}and Iran.`)),
      },
      {
        id: `many/dates-one-sentence/${format}`,
        file: `dates.${ext}`,
        make: () =>
          utf8(profileAround(format, `${'on 12 March 2021, in mid-October 2022, '.repeat(20_000)}Astana acted.`)),
      },
      {
        id: `many/quantities-one-sentence/${format}`,
        file: `quantities.${ext}`,
        make: () => utf8(profileAround(format, `${'$1.5 billion and 500 tonnes, '.repeat(20_000)}were sent.`)),
      },
      {
        id: `many/names-one-sentence/${format}`,
        file: `names.${ext}`,
        make: () =>
          utf8(
            profileAround(
              format,
              `${'Minister John Smith met President Kassym-Jomart Tokayev, '.repeat(10_000)}in Astana.`,
            ),
          ),
      },
      {
        id: `many/titles-10000/${format}`,
        file: `titles.${ext}`,
        make: () => utf8(profileAround(format, 'Kazakhstan.', { title: 'Kazakhstan '.repeat(10_000) })),
      },
    );
  }
  cases.push({
    id: 'many/interest-headings-10000/markdown',
    file: 'interest-headings.md',
    make: () =>
      utf8(
        profileAround('markdown', 'Kazakhstan.', {
          interests: Array.from({ length: 10_000 }, (_, i) => `### ${i + 1}. Interest\n\nText ${i}.`).join('\n\n'),
        }),
      ),
  });
  return cases;
}

function longLineCases(sizes: readonly number[]): HostileDocument[] {
  const kinds: Array<[string, (size: number) => string]> = [
    ['one-line-of-words', (s) => repeatTo('Kazakhstan trades grain ', s)],
    ['one-word', (s) => 'K'.repeat(s)],
    ['whitespace', (s) => ' '.repeat(s)],
    ['no-punctuation-sentence', (s) => repeatTo('and the Taliban and Astana ', s)],
    ['one-url', (s) => `https://example.org/${'a/'.repeat(s / 2)}`],
  ];
  const cases: HostileDocument[] = [];
  for (const [kind, build] of kinds) {
    for (const format of formats) {
      for (const size of sizes)
        cases.push({
          id: `long-line/${kind}/${format}/${kb(size)}`,
          file: `long.${extensionOf[format]}`,
          make: () => utf8(profileAround(format, build(size))),
        });
    }
  }
  return cases;
}

function encodingCases(random: Random): HostileDocument[] {
  const cases: HostileDocument[] = [];
  for (const format of formats) {
    const base = baseDocuments[format];
    const text = base.toString('utf8');
    const ext = extensionOf[format];
    const r = random.fork(format.length * 7919);
    const seedOf = r.int(0, 2 ** 30);
    const variants: Array<[string, () => Buffer]> = [
      ['utf8-bom', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), base])],
      ['double-utf8-bom', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), base])],
      ['utf16le-bom-with-utf8-body', () => Buffer.concat([Buffer.from([0xff, 0xfe]), base])],
      ['utf16be-bom-with-utf8-body', () => Buffer.concat([Buffer.from([0xfe, 0xff]), base])],
      ['utf32le-bom', () => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(text, 'utf32le' as string)])],
      ['utf16le-no-bom', () => iconv.encode(text, 'utf16le')],
      ['utf16be-no-bom', () => iconv.encode(text, 'utf16be')],
      [
        'utf16le-odd-length',
        () => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le'), Buffer.from([0x41])]),
      ],
      [
        'utf16le-bom-cyrillic',
        () =>
          Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/Kazakhstan/g, 'Казахстан'), 'utf16le')]),
      ],
      [
        'bom-in-middle',
        () =>
          Buffer.concat([
            base.subarray(0, base.length >> 1),
            Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]),
            base.subarray(base.length >> 1),
          ]),
      ],
      [
        'half-utf8-half-windows-1251',
        () =>
          Buffer.concat([
            utf8(text.slice(0, text.length >> 1).replace(/Kazakhstan/g, 'Казахстан')),
            iconv.encode(text.slice(text.length >> 1).replace(/Kazakhstan/g, 'Казахстан'), 'win1251'),
          ]),
      ],
      [
        'half-utf8-half-utf16',
        () =>
          Buffer.concat([utf8(text.slice(0, text.length >> 1)), iconv.encode(text.slice(text.length >> 1), 'utf16le')]),
      ],
      [
        'windows-1251-cyrillic',
        () => iconv.encode(text.replace(/Kazakhstan/g, 'Казахстан').replace(/Afghanistan/g, 'Афганистан'), 'win1251'),
      ],
      ['shift-jis', () => iconv.encode(text.replace(/Kazakhstan/g, 'カザフスタン'), 'shift_jis')],
      ['gb18030', () => iconv.encode(text.replace(/Kazakhstan/g, '哈萨克斯坦'), 'gb18030')],
      ['koi8-r', () => iconv.encode(text.replace(/Kazakhstan/g, 'Казахстан'), 'koi8-r')],
      ['latin1-high-bytes', () => Buffer.from(text.replace(/a/g, 'ä').replace(/e/g, 'é'), 'latin1')],
      ['invalid-utf8-ff', () => sprinkle(base, Buffer.from([0xff]), 20, new Random(seedOf))],
      [
        'invalid-utf8-overlong',
        () => sprinkle(base, Buffer.from([0xc0, 0x80, 0xe0, 0x80, 0xaf]), 20, new Random(seedOf + 1)),
      ],
      ['invalid-utf8-lone-continuation', () => sprinkle(base, Buffer.from([0x80, 0xbf]), 20, new Random(seedOf + 2))],
      ['invalid-utf8-truncated-sequence', () => sprinkle(base, Buffer.from([0xe2, 0x82]), 20, new Random(seedOf + 3))],
      [
        'invalid-utf8-beyond-max',
        () =>
          sprinkle(
            base,
            Buffer.from([0xf4, 0x90, 0x80, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]),
            20,
            new Random(seedOf + 4),
          ),
      ],
      [
        'lone-surrogates-wtf8',
        () => sprinkle(base, Buffer.from([0xed, 0xa0, 0x80, 0xed, 0xbf, 0xbf]), 20, new Random(seedOf + 5)),
      ],
      ['lone-surrogate-in-title', () => Buffer.concat([Buffer.from([0xed, 0xa0, 0x80]), base])],
      [
        'random-high-bytes-10pct',
        () => {
          const copy = Buffer.from(base);
          const rr = new Random(seedOf + 6);
          for (let i = 0; i < copy.length; i++) if (rr.chance(0.1)) copy[i] = rr.int(0x80, 0xff);
          return copy;
        },
      ],
    ];
    for (const [kind, make] of variants) cases.push({ id: `encoding/${kind}/${format}`, file: `encoded.${ext}`, make });
  }
  return cases;
}

function characterCases(random: Random): HostileDocument[] {
  const cases: HostileDocument[] = [];
  for (const format of formats) {
    const base = baseDocuments[format];
    const text = base.toString('utf8');
    const ext = extensionOf[format];
    const seedOf = random.int(0, 2 ** 30);
    const variants: Array<[string, () => Buffer]> = [
      ['nul-every-10-chars', () => utf8(text.replace(/(.{10})/gs, '$1\u0000'))],
      ['nul-first-byte', () => Buffer.concat([Buffer.from([0]), base])],
      [
        'c0-controls-sprinkled',
        () =>
          sprinkle(
            base,
            Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 27, 31, 127]),
            30,
            new Random(seedOf),
          ),
      ],
      ['c1-controls', () => utf8(text.replace(/ /g, (_, i: number) => (i % 7 === 0 ? '\u0085\u009b\u0090 ' : ' ')))],
      [
        'terminal-escapes-in-title',
        () => utf8(text.replace('Kazakhstan', 'Kaz\u001b]0;pwned\u0007akh\u001b[2J\u001b[31mstan')),
      ],
      ['cr-only-line-endings', () => utf8(text.replace(/\r?\n/g, '\r'))],
      [
        'mixed-line-endings',
        () =>
          utf8(text.replace(/\r?\n/g, (_, i: number) => ['\n', '\r\n', '\r', '\u2028', '\u0085', '\u2029'][i % 6]!)),
      ],
      ['form-feeds-and-vertical-tabs', () => utf8(text.replace(/\n/g, '\f\v\n'))],
      ['zero-width-between-every-char', () => utf8(interleave(text, '\u200b'))],
      ['zero-width-joiners-in-title', () => utf8(text.replace('Kazakhstan', 'K\u200dazak\u2060hs\ufefftan'))],
      ['bidi-override-title', () => utf8(text.replace('Kazakhstan', '\u202eKazakhstan\u202c\u2066x\u2069'))],
      ['bidi-override-everywhere', () => utf8(text.replace(/ /g, ' \u202e'))],
      ['combining-mark-flood', () => utf8(text.replace('Astana', `A${'\u0301\u0308'.repeat(5000)}stana`))],
      ['emoji-and-astral', () => utf8(text.replace(/ the /g, ' 🇰🇿👩‍👩‍👧‍👦𝕋𝕙𝕖 '))],
      ['nfd-decomposed', () => utf8(text.normalize('NFD').replace(/e/g, 'e\u0301'))],
      [
        'fullwidth-digits-and-dots',
        () => utf8(text.replace(/(\d)\./g, (_, d: string) => `${String.fromCharCode(0xff10 + Number(d))}．`)),
      ],
      ['title-cyrillic', () => utf8(text.replace(/Kazakhstan/g, 'Казахстан'))],
      ['title-arabic', () => utf8(text.replace(/Kazakhstan/g, 'أفغانستان'))],
      ['title-hebrew', () => utf8(text.replace(/Kazakhstan/g, 'ישראל'))],
      ['title-cjk', () => utf8(text.replace(/Kazakhstan/g, '哈萨克斯坦'))],
      ['title-devanagari', () => utf8(text.replace(/Kazakhstan/g, 'भारत'))],
      [
        'title-only-symbols',
        () => utf8(text.replace(/^(\s*(?:---[\s\S]*?---\s*)?(?:<[^]*?<h1>|# )?)Kazakhstan/, '$1☭✓✗')),
      ],
      ['noncharacters', () => utf8(text.replace(/ /g, (_, i: number) => (i % 5 === 0 ? ' \ufffe\uffff\ufdd0 ' : ' ')))],
      ['replacement-chars', () => utf8(text.replace(/a/g, '\ufffd'))],
    ];
    for (const [kind, make] of variants) cases.push({ id: `characters/${kind}/${format}`, file: `chars.${ext}`, make });
  }
  return cases;
}

function truncationCases(random: Random, perFormat: number): HostileDocument[] {
  const cases: HostileDocument[] = [];
  const sources: Array<[string, string, Buffer]> = [
    ...formats.map((format) => [format, extensionOf[format], baseDocuments[format]] as [string, string, Buffer]),
    ['utf16le', 'txt', fixture('test-fixtures/seed-variants/seed-utf16le.txt')],
    ['windows-1251', 'txt', fixture('test-fixtures/seed-variants/seed-windows-1251.txt')],
  ];
  for (const [label, ext, base] of sources) {
    for (let i = 0; i < perFormat; i++) {
      const cut = i === 0 ? 1 : i === 1 ? base.length - 1 : random.int(2, base.length - 2);
      cases.push({ id: `truncation/at-${cut}/${label}`, file: `truncated.${ext}`, make: () => base.subarray(0, cut) });
    }
  }
  return cases;
}

function binaryCases(random: Random): HostileDocument[] {
  const cases: HostileDocument[] = [];
  for (const [kind, header] of Object.entries(binaryHeaders)) {
    for (const format of formats) {
      const seed = random.int(0, 2 ** 30);
      cases.push({
        id: `binary/${kind}/${format}`,
        file: `binary.${extensionOf[format]}`,
        make: () => Buffer.concat([header, new Random(seed).bytes(4096)]),
      });
    }
  }
  for (const size of [1, 7, 512, 65536, 1024 * 1024]) {
    const seed = random.int(0, 2 ** 30);
    cases.push({
      id: `binary/random-bytes/raw/${kb(size) === '0KB' ? `${size}B` : kb(size)}`,
      file: 'random.bin',
      make: () => new Random(seed).bytes(size),
    });
  }
  const seed = random.int(0, 2 ** 30);
  cases.push({
    id: 'binary/text-header-then-random/text',
    file: 'mixed.txt',
    make: () => Buffer.concat([utf8('Kazakhstan\n\nProfile\n'), new Random(seed).bytes(8192)]),
  });
  cases.push({
    id: 'binary/pdf-with-profile-text/text',
    file: 'profile.pdf',
    make: () => Buffer.concat([binaryHeaders.pdf!, baseDocuments.text]),
  });
  cases.push({ id: 'binary/profile-with-no-extension/raw', file: 'profile', make: () => baseDocuments.text });
  return cases;
}

function emptyCases(): HostileDocument[] {
  const cases: HostileDocument[] = [];
  const shells: Record<DocumentFormat, Array<[string, string]>> = {
    text: [
      ['title-only', 'Kazakhstan'],
      ['title-and-profile-heading', 'Kazakhstan\n\nProfile\n'],
      ['title-and-interests-only', 'Kazakhstan\n\nKey Interests & Priorities\n1. Trade\n'],
      ['headings-without-title', 'Profile\nText.\nKey Interests & Priorities\n1. Trade\n'],
    ],
    markdown: [
      ['title-only', '# Kazakhstan'],
      ['title-and-profile-heading', '# Kazakhstan\n\n## Profile\n'],
      ['title-and-interests-only', '# Kazakhstan\n\n## Key Interests & Priorities\n\n1. Trade\n'],
      ['headings-without-title', '## Profile\n\nText.\n'],
    ],
    html: [
      ['title-only', '<h1>Kazakhstan</h1>'],
      ['title-and-profile-heading', '<main><h1>Kazakhstan</h1><h2>Profile</h2></main>'],
      ['skeleton', '<html><head></head><body></body></html>'],
      ['headings-without-title', '<h2>Profile</h2><p>Text.</p>'],
    ],
  };
  for (const format of formats) {
    const ext = extensionOf[format];
    const generic: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['whitespace-only', utf8(' \t\n\r\n   \n'.repeat(1000))],
      ['newlines-only', utf8('\n'.repeat(100_000))],
      ['bom-only', Buffer.from([0xef, 0xbb, 0xbf])],
      ['one-character', utf8('K')],
      ['one-nul', Buffer.from([0])],
      ['invisible-only', utf8('\u200b\u200e\ufeff\u2060'.repeat(1000))],
    ];
    for (const [kind, bytes] of generic)
      cases.push({ id: `empty/${kind}/${format}`, file: `empty.${ext}`, make: () => bytes });
    for (const [kind, text] of shells[format])
      cases.push({ id: `empty/${kind}/${format}`, file: `shell.${ext}`, make: () => utf8(text) });
  }
  return cases;
}

/** Seeded random byte mutations (flip, insert, delete, duplicate a chunk) of the well-formed bases. */
function mutationCases(random: Random, count: number): HostileDocument[] {
  const cases: HostileDocument[] = [];
  for (let i = 0; i < count; i++) {
    const format = formats[i % formats.length]!;
    const seed = random.int(0, 2 ** 30);
    cases.push({
      id: `mutation/${i}-seed-${seed}/${format}`,
      file: `mutated.${extensionOf[format]}`,
      make: () => {
        const r = new Random(seed);
        let bytes = Buffer.from(baseDocuments[format]);
        const edits = r.int(1, 40);
        for (let e = 0; e < edits; e++) {
          const at = r.int(0, Math.max(0, bytes.length - 1));
          const op = r.int(0, 3);
          if (op === 0 && bytes.length > 0) bytes[at] = r.int(0, 255);
          else if (op === 1) bytes = Buffer.concat([bytes.subarray(0, at), r.bytes(r.int(1, 16)), bytes.subarray(at)]);
          else if (op === 2)
            bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + r.int(1, 200)))]);
          else {
            const chunk = bytes.subarray(at, Math.min(bytes.length, at + r.int(1, 300)));
            bytes = Buffer.concat([bytes.subarray(0, at), ...Array(r.int(2, 50)).fill(chunk), bytes.subarray(at)]);
          }
        }
        return bytes;
      },
    });
  }
  return cases;
}

interface PathologicalCase {
  name: string;
  format: DocumentFormat;
  make(bytes: number): string;
}

/** The ingest engineers' pathological family (src/ingest/test-support/pathological-documents.ts), when present. */
async function pathologicalFamily(sizes: readonly number[]): Promise<{ cases: HostileDocument[]; note: string }> {
  const file = path.join(repositoryRoot, 'src', 'ingest', 'test-support', 'pathological-documents.ts');
  if (!existsSync(file))
    return { cases: [], note: 'src/ingest/test-support/pathological-documents.ts not present: its family was not run' };
  const module = (await import(pathToFileURL(file).href)) as { pathologicalCases?: readonly PathologicalCase[] };
  const family = module.pathologicalCases ?? [];
  const cases: HostileDocument[] = [];
  for (const item of family) {
    for (const size of sizes) {
      cases.push({
        id: `pathological/${item.name}/${item.format}/${kb(size)}`,
        file: `pathological.${extensionOf[item.format]}`,
        make: () => utf8(item.make(size)),
      });
    }
  }
  return { cases, note: `pathologicalCases: ${family.length} generators × ${sizes.length} sizes` };
}

/** Every hostile document of one run, in a stable order. */
/**
 * The documents of test-fixtures/hostile-blind (written without reading the code; regenerated by
 * its make.py when missing), each under its own name so its extension picks the format.
 */
function blindCases(): HostileDocument[] {
  const folder = path.join(repositoryRoot, 'test-fixtures', 'hostile-blind');
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Array<{ file: string }>;
  if (!manifest.every((entry) => existsSync(path.join(folder, entry.file)))) {
    execFileSync('python3', [path.join(folder, 'make.py')], { cwd: folder, stdio: 'ignore' });
  }
  return manifest.map((entry) => ({
    id: `blind/${entry.file}`,
    file: entry.file,
    make: () => readFileSync(path.join(folder, entry.file)),
  }));
}

export async function hostileDocuments(
  seed: number,
  reduced: boolean,
): Promise<{ cases: HostileDocument[]; notes: string[] }> {
  const random = new Random(seed ^ 0x5eed);
  const pathological = await pathologicalFamily(reduced ? [64 * 1024] : [16 * 1024, 64 * 1024, 256 * 1024]);
  // The reduced run keeps every case of the small families and a rotating third (or less) of the
  // large ones, so that each kind is still tried in some format.
  const thin = <T>(items: T[], keep: number): T[] =>
    reduced ? items.filter((_, index) => index % keep === seed % keep) : items;
  const cases = [
    ...issueExamples(),
    ...thin(repetitionCases(reduced ? [64 * 1024] : [64 * 1024, 1024 * 1024]), 3),
    ...nestingCases(reduced ? [50_000] : [1000, 50_000, 200_000]),
    ...frontMatterCases(),
    ...htmlCases(),
    ...manyItemsCases(),
    ...longLineCases(reduced ? [256 * 1024] : [64 * 1024, 1024 * 1024, 4.5 * 1024 * 1024]),
    ...thin(encodingCases(random.fork(1)), 3),
    ...thin(characterCases(random.fork(2)), 3),
    ...truncationCases(random.fork(3), reduced ? 3 : 8),
    ...thin(binaryCases(random.fork(4)), 2),
    ...thin(emptyCases(), 2),
    ...mutationCases(random.fork(5), reduced ? 15 : 60),
    ...thin(pathological.cases, 3),
    ...thin(blindCases(), 4),
  ];
  const seen = new Set<string>();
  for (const item of cases) {
    let id = item.id;
    for (let n = 2; seen.has(id); n++) id = `${item.id}#${n}`;
    item.id = id;
    seen.add(id);
  }
  return { cases, notes: [pathological.note] };
}
