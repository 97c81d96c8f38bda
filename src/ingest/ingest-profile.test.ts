// Tests of ingestProfile on the seed, its generated variants (encodings, layouts, Markdown,
// HTML) and bad input (empty, binary, undecodable, no title, no section).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DossierError, ProfileDocumentSchema, type ProfileDocument } from '../model/index.js';
import { ingestProfile } from './index.js';

const fixtures = join(import.meta.dirname, '..', '..', 'test-fixtures');
const seedBytes = readFileSync(join(fixtures, 'seed-kazakhstan.txt'));
const seed = ingestProfile({ bytes: seedBytes, name: 'seed-kazakhstan.txt' });
const sentenceTexts = (document: ProfileDocument): string[] =>
  document.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end));
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function refusal(run: () => unknown): DossierError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DossierError);
    return error as DossierError;
  }
  throw new Error('expected a DossierError');
}

describe('ingestProfile on the seed', () => {
  it('keeps the text of a UTF-8 LF file exactly', () => {
    expect(seed.text).toBe(seedBytes.toString('utf8'));
    expect(seed.source).toMatchObject({ format: 'text', encoding: 'UTF-8', bytes: seedBytes.length });
    expect(seed.source.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(ProfileDocumentSchema.parse(seed)).toEqual(seed);
  });

  it('finds the actor', () => {
    expect(seed.actor).toEqual({ name: 'Kazakhstan', country: 'KAZ' });
    expect(seed.titleSpan).toEqual({ start: 0, end: 10 });
    expect(seed.kind).toBe('profile');
    expect(seed.metadata).toEqual({
      asOf: null,
      source: null,
      author: null,
      published: null,
      publisher: null,
      spans: {},
      focus: 'AFG',
      extra: {},
    });
  });

  it('finds the sections with the seed offsets', () => {
    expect(seed.sections).toEqual([
      { heading: 'Profile', start: 12, end: 1193, headingStart: 12, headingEnd: 19, kind: 'profile' },
      {
        heading: 'Key Interests & Priorities',
        start: 1193,
        end: 3562,
        headingStart: 1193,
        headingEnd: 1219,
        kind: 'interests',
      },
    ]);
  });

  it('finds three ranked interests with their spans', () => {
    expect(seed.interests.map(({ rank, title }) => ({ rank, title }))).toEqual([
      { rank: 1, title: 'Spillover of Insecurity' },
      { rank: 2, title: 'Inclusive Government' },
      { rank: 3, title: 'Economic Opportunities' },
    ]);
    expect(seed.interests[0]).toMatchObject({ start: 1220, end: 2298, titleStart: 1223, titleEnd: 1246 });
    expect(seed.interests[1]?.start).toBe(2298);
    expect(seed.interests[2]?.end).toBe(seed.text.length);
    for (const interest of seed.interests)
      expect(seed.text.slice(interest.titleStart, interest.titleEnd)).toBe(interest.title);
  });

  it('splits the body into 23 sentences, never the title or headings', () => {
    expect(seed.sentences).toHaveLength(23);
    const texts = sentenceTexts(seed);
    expect(texts[0]).toBe('Kazakhstan and Afghanistan do not share a border and ethnic connections.');
    expect(seed.sentences[0]).toMatchObject({ start: 20, end: 92, section: 0, interest: null });
    expect(texts[12]?.endsWith('rehabilitation of Afghanistan."')).toBe(true);
    expect(texts[13]?.startsWith('Kazakhstan believes it critical')).toBe(true);
    expect(seed.sentences.filter((sentence) => sentence.section === 0)).toHaveLength(9);
    expect(seed.sentences.map((sentence) => sentence.interest).filter((rank) => rank !== null)).toEqual([
      1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3,
    ]);
    for (const text of texts) {
      expect(['Kazakhstan', 'Profile', 'Key Interests & Priorities', 'Spillover of Insecurity']).not.toContain(text);
      expect(text).toMatch(/[.!?]"?$/);
    }
  });
});

describe('ingestProfile on the seed variants', () => {
  const variantDirectory = join(fixtures, 'seed-variants');
  const variants = readdirSync(variantDirectory).sort();

  it('has every variant the generator makes', () => {
    expect(variants).toEqual([
      'seed-crlf-bom.txt',
      'seed-front-matter.md',
      'seed-key-interests-and-priorities.txt',
      'seed-ordered-list.md',
      'seed-page.html',
      'seed-utf16be.txt',
      'seed-utf16le.txt',
      'seed-windows-1251.txt',
    ]);
  });

  it.each(variants)('%s gives the same actor, interests and sentences as the seed', (variant) => {
    const document = ingestProfile({ bytes: readFileSync(join(variantDirectory, variant)), name: variant });
    expect(document.actor).toEqual({ name: 'Kazakhstan', country: 'KAZ' });
    expect(document.interests.map(({ rank, title }) => ({ rank, title }))).toEqual(
      seed.interests.map(({ rank, title }) => ({ rank, title })),
    );
    expect(document.sections.map((section) => section.kind)).toEqual(['profile', 'interests']);
    const texts = sentenceTexts(document).map((text) => text.replace(' (Казахстан)', ''));
    expect(texts).toEqual(sentenceTexts(seed));
    expect(document.sentences.map((sentence) => [sentence.section, sentence.interest])).toEqual(
      seed.sentences.map((sentence) => [sentence.section, sentence.interest]),
    );
    expect(ProfileDocumentSchema.safeParse(document).success).toBe(true);
  });

  it('detects each encoding', () => {
    const encodingOf = (variant: string): string =>
      ingestProfile({ bytes: readFileSync(join(variantDirectory, variant)), name: variant }).source.encoding;
    expect(encodingOf('seed-crlf-bom.txt')).toBe('UTF-8');
    expect(encodingOf('seed-utf16le.txt')).toBe('UTF-16LE');
    expect(encodingOf('seed-utf16be.txt')).toBe('UTF-16BE');
    expect(encodingOf('seed-windows-1251.txt')).toBe('windows-1251');
  });

  it('decodes the Cyrillic word of the Windows-1251 variant', () => {
    const document = ingestProfile({
      bytes: readFileSync(join(variantDirectory, 'seed-windows-1251.txt')),
      name: 'seed-windows-1251.txt',
    });
    expect(document.text).toContain('Astana (Казахстан) largely stayed');
  });

  it('normalises CRLF and BOM to the seed text', () => {
    const document = ingestProfile({
      bytes: readFileSync(join(variantDirectory, 'seed-crlf-bom.txt')),
      name: 'seed-crlf-bom.txt',
    });
    expect(document.text).toBe(seed.text);
    expect(document.sections).toEqual(seed.sections);
    expect(document.interests).toEqual(seed.interests);
  });

  it('renders Markdown and HTML in the seed layout and reads the front matter', () => {
    const markdown = ingestProfile({
      bytes: readFileSync(join(variantDirectory, 'seed-front-matter.md')),
      name: 'seed-front-matter.md',
    });
    expect(markdown.text).toBe(seed.text);
    expect(markdown.metadata).toEqual({
      asOf: '2022-06-30',
      source: 'https://example.org/profiles/kazakhstan',
      author: 'Dossier test fixtures',
      published: null,
      publisher: null,
      spans: {},
      focus: 'AFG',
      extra: { reviewed: true },
    });
    const html = ingestProfile({
      bytes: readFileSync(join(variantDirectory, 'seed-page.html')),
      name: 'seed-page.html',
    });
    expect(html.source.format).toBe('html');
    expect(html.text).toBe(seed.text);
    expect(html.text).not.toContain('analytics');
    expect(html.text).not.toContain('Regional Profiles');
  });

  it('sniffs the format when the name has no known extension', () => {
    const markdown = ingestProfile({
      bytes: readFileSync(join(variantDirectory, 'seed-front-matter.md')),
      name: 'upload',
    });
    expect(markdown.source.format).toBe('markdown');
    const html = ingestProfile({ bytes: readFileSync(join(variantDirectory, 'seed-page.html')), name: 'upload' });
    expect(html.source.format).toBe('html');
    expect(ingestProfile({ bytes: seedBytes, name: 'upload' }).source.format).toBe('text');
    expect(ingestProfile({ bytes: seedBytes, name: 'seed.html', format: 'text' }).source.format).toBe('text');
  });
});

describe('ingestProfile on other layouts', () => {
  it('accepts "(1) Title" markers and keeps unknown sections', () => {
    const text =
      'Uzbekistan\n\nOverview\nUzbekistan borders Afghanistan. It trades a lot.\nInterests\n(1) Trade ' +
      'Routes\nTashkent wants railways.\n(2) Border Security\nTermez matters.\nRecent Developments\nA delegation ' +
      'went to Kabul.\n';
    const document = ingestProfile({ bytes: encode(text), name: 'uzbekistan.txt' });
    expect(document.actor).toEqual({ name: 'Uzbekistan', country: 'UZB' });
    expect(document.sections.map((section) => [section.heading, section.kind])).toEqual([
      ['Overview', 'profile'],
      ['Interests', 'interests'],
      ['Recent Developments', 'other'],
    ]);
    expect(document.interests.map((interest) => [interest.rank, interest.title])).toEqual([
      [1, 'Trade Routes'],
      [2, 'Border Security'],
    ]);
    expect(document.text.slice(document.interests[1]?.start, document.interests[1]?.end)).toBe(
      '(2) Border Security\nTermez matters.\n',
    );
    expect(sentenceTexts(document).at(-1)).toBe('A delegation went to Kabul.');
    expect(document.sentences.at(-1)).toMatchObject({ section: 2, interest: null });
  });

  it('keeps unknown Markdown sections and reads lazy ordered-list interests', () => {
    const markdown = [
      '# Tajikistan',
      '',
      '## Background',
      '',
      'Dushanbe hosts the **CSTO** base. It _watches_ the border.',
      '',
      '## Key Interests and Priorities',
      '',
      '1. Border Security',
      'The 1,344-kilometer border is long.',
      '2. Water',
      'The Amu Darya matters.',
      '',
      '## Sources',
      '',
      'Interviews in 2022.',
    ].join('\n');
    const document = ingestProfile({ bytes: encode(markdown), name: 'tajikistan.md' });
    expect(document.actor).toEqual({ name: 'Tajikistan', country: 'TJK' });
    expect(document.sections.map((section) => [section.heading, section.kind])).toEqual([
      ['Background', 'profile'],
      ['Key Interests and Priorities', 'interests'],
      ['Sources', 'other'],
    ]);
    expect(document.interests.map((interest) => [interest.rank, interest.title])).toEqual([
      [1, 'Border Security'],
      [2, 'Water'],
    ]);
    expect(sentenceTexts(document)).toEqual([
      'Dushanbe hosts the CSTO base.',
      'It watches the border.',
      'The 1,344-kilometer border is long.',
      'The Amu Darya matters.',
      'Interviews in 2022.',
    ]);
    expect(document.sentences.map((sentence) => sentence.interest)).toEqual([null, null, 1, 2, null]);
  });

  it('reads an HTML page without <main> from its body, without page chrome', () => {
    const html =
      '<html><body><header><h1>Site</h1></header><nav>Home</nav><h1>Iran</h1><div><h2>Profile</h2>Tehran is ' +
      'wary.<br>It hosts refugees.</div><h2>Interests</h2><ol start="1"><li>Refugees<p>Millions ' +
      'crossed.</p></li><li value="5">Water <p>The Helmand flows west.</p></li></ol><footer>Footer ' +
      'text.</footer></body></html>';
    const document = ingestProfile({ bytes: encode(html), name: 'iran.htm' });
    expect(document.actor).toEqual({ name: 'Iran', country: 'IRN' });
    expect(document.text).toBe(
      'Iran\n\nProfile\nTehran is wary. It hosts refugees.\nInterests\n1. Refugees\nMillions crossed.\n5. ' +
        'Water\nThe Helmand flows west.',
    );
    expect(document.interests.map((interest) => [interest.rank, interest.title])).toEqual([
      [1, 'Refugees'],
      [5, 'Water'],
    ]);
  });

  it('gives a non-state actor no country and lets front matter name the country', () => {
    const taliban = ingestProfile({ bytes: encode('The Taliban\nProfile\nThey rule Kabul.'), name: 'taliban.txt' });
    expect(taliban.actor).toEqual({ name: 'The Taliban', country: null });
    const withCountry = ingestProfile({
      bytes: encode('---\ncountry: kz\nfocus: Afghanistan\n---\n# Astana\n## Profile\nA capital.\n'),
      name: 'astana.md',
    });
    expect(withCountry.actor).toEqual({ name: 'Astana', country: 'KAZ' });
    expect(withCountry.metadata.focus).toBe('AFG');
  });
});

describe('ingestProfile refuses bad input', () => {
  it('refuses an empty or whitespace-only file', () => {
    for (const bytes of [new Uint8Array(0), encode('  \n\t\r\n  ')]) {
      const error = refusal(() => ingestProfile({ bytes, name: 'empty.txt' }));
      expect(error).toMatchObject({ code: 'EMPTY_DOCUMENT', file: 'empty.txt', line: 1, column: 1 });
    }
  });

  it('refuses binary content at the first NUL byte', () => {
    const bytes = encode('Kazakhstan\nProf\0ile\n');
    expect(refusal(() => ingestProfile({ bytes, name: 'binary.txt' }))).toMatchObject({
      code: 'BINARY_DOCUMENT',
      file: 'binary.txt',
      line: 2,
      column: 5,
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(refusal(() => ingestProfile({ bytes: png, name: 'image.txt' }))).toMatchObject({
      code: 'BINARY_DOCUMENT',
      line: 1,
      column: 1,
    });
    const controls = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(refusal(() => ingestProfile({ bytes: controls, name: 'controls.txt' }))).toMatchObject({
      code: 'BINARY_DOCUMENT',
      line: 1,
      column: 1,
    });
  });

  it('refuses broken UTF-8 at the first bad byte', () => {
    const bytes = new Uint8Array([
      ...encode('Kazakhstan — profile\nProfile\nText '),
      0xff,
      0xc3,
      ...encode(' more.\n'),
    ]);
    const error = refusal(() => ingestProfile({ bytes, name: 'broken.txt' }));
    expect(error).toMatchObject({ code: 'UNDECODABLE_DOCUMENT', file: 'broken.txt', line: 3, column: 6 });
    expect(error.expected).toMatch(/UTF-8/);
  });

  it('refuses a document without an actor title', () => {
    const error = refusal(() =>
      ingestProfile({ bytes: encode('\n\nProfile\nKazakhstan is large.\n'), name: 'untitled.txt' }),
    );
    expect(error).toMatchObject({ code: 'INVALID_DOCUMENT', file: 'untitled.txt', line: 3, column: 1 });
    expect(error.expected).toMatch(/actor title/);
    const html = refusal(() =>
      ingestProfile({ bytes: encode('<main>\n  <h2>Profile</h2><p>Text.</p></main>'), name: 'untitled.html' }),
    );
    expect(html).toMatchObject({ code: 'INVALID_DOCUMENT', line: 2, column: 3 });
  });

  it(
    'reads a document without profile sections as a source: title, ' +
      'text before any heading as a section, sentences',
    () => {
      const text = ingestProfile({
        bytes: encode('Kazakhstan\n\n  Kazakhstan is large. It is far away.\n'),
        name: 'flat.txt',
      });
      expect(text.kind).toBe('source');
      expect(text.actor).toEqual({ name: 'Kazakhstan', country: 'KAZ' });
      expect(text.sections).toEqual([
        { heading: '', start: 14, end: text.text.length, headingStart: 14, headingEnd: 14, kind: 'other' },
      ]);
      expect(text.sentences.map((sentence) => text.text.slice(sentence.start, sentence.end))).toEqual([
        'Kazakhstan is large.',
        'It is far away.',
      ]);
      const markdown = ingestProfile({
        bytes: encode('# Grain and the Amu Darya\n\nKazakhstan is large.\n\n## Trade\n\nWheat goes south.\n'),
        name: 'flat.md',
      });
      expect([markdown.kind, markdown.actor.name, markdown.sections.map((section) => section.heading)]).toEqual([
        'source',
        'Grain and the Amu Darya',
        ['', 'Trade'],
      ]);
      expect(markdown.sentences.map((sentence) => sentence.section)).toEqual([0, 1]);
      const titleOnly = ingestProfile({ bytes: encode('Kazakhstan'), name: 'title.txt' });
      expect([titleOnly.kind, titleOnly.actor.name, titleOnly.sections, titleOnly.sentences]).toEqual([
        'source',
        'Kazakhstan',
        [],
        [],
      ]);
      // Front matter can force the kind either way; a forced profile without sections is refused as before.
      const forced = refusal(() =>
        ingestProfile({
          bytes: encode('---\nkind: profile\n---\n# Kazakhstan\n\nKazakhstan is large.\n'),
          name: 'forced.md',
        }),
      );
      expect(forced).toMatchObject({
        code: 'INVALID_DOCUMENT',
        line: 6,
        column: 1,
        expected: 'a section heading such as "Profile" or "Key Interests & Priorities"',
      });
      const asSource = ingestProfile({
        bytes: encode('---\nkind: source\n---\n# Kazakhstan\n\n## Profile\n\nKazakhstan is large.\n'),
        name: 'source.md',
      });
      expect([asSource.kind, asSource.sections.map((section) => [section.heading, section.kind])]).toEqual([
        'source',
        [['Profile', 'other']],
      ]);
      expect(
        refusal(() => ingestProfile({ bytes: encode('---\nkind: article\n---\n# K\n'), name: 'bad-kind.md' })),
      ).toMatchObject({ code: 'INVALID_DOCUMENT', line: 2 });
    },
  );

  it('refuses bad front matter with the line of the problem', () => {
    const yaml = refusal(() =>
      ingestProfile({
        bytes: encode('---\nactor: Kazakhstan\ncountry: [KAZ\n---\n# Kazakhstan\n## Profile\nText.\n'),
        name: 'bad.md',
      }),
    );
    expect(yaml).toMatchObject({ code: 'INVALID_DOCUMENT', file: 'bad.md' });
    expect(yaml.line).toBeGreaterThanOrEqual(3);
    const country = refusal(() =>
      ingestProfile({
        bytes: encode('---\nactor: Kazakhstan\ncountry: Atlantis\n---\n# Kazakhstan\n## Profile\nText.\n'),
        name: 'bad.md',
      }),
    );
    expect(country).toMatchObject({ code: 'INVALID_DOCUMENT', line: 3, column: 1 });
    expect(country.expected).toMatch(/alpha-3/);
  });
});
