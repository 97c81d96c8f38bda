// A family of pathological profile documents for cost and robustness tests: repetitions of every
// abbreviation, delimiter and marker the ingest and extraction code knows, deep nesting, many
// front-matter keys, very long lines and words, many dates and names in one sentence, one giant
// sentence and many tiny ones, in plain text, Markdown and HTML — each wrapped as a valid profile
// (title + Profile section, so the whole pipeline runs) and bare. Deterministic: `make(bytes)`
// returns the same document for the same size. Used by src/core/ingest-cost.test.ts and the battery.

export interface PathologicalCase {
  name: string;
  format: 'text' | 'markdown' | 'html';
  /** a document of about `bytes` UTF-16 units */
  make(bytes: number): string;
}

type Format = PathologicalCase['format'];

/** `unit` repeated until the result holds about `length` UTF-16 units (at least once). */
function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.max(1, Math.ceil(length / unit.length))).slice(0, Math.max(length, unit.length));
}

/** `make(i)` for i = 0, 1, 2, … joined until about `length` UTF-16 units. */
function numbered(length: number, make: (index: number) => string): string {
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; total < length; i++) {
    const part = make(i);
    parts.push(part);
    total += part.length;
  }
  return parts.join('');
}

/** Nested openers then their closers (`closer` may be '' for unclosed nesting), about `length` units. */
function nested(open: string, close: string, inner: string, length: number): string {
  const depth = Math.max(1, Math.floor((length - inner.length) / (open.length + close.length)));
  return open.repeat(depth) + inner + close.repeat(depth);
}

const profilePrefix: Record<Format, string> = {
  text: 'Kazakhstan\n\nProfile\n\n',
  markdown: '# Kazakhstan\n\n## Profile\n\n',
  html: '<html><body><h1>Kazakhstan</h1><h2>Profile</h2>\n',
};
const profileSuffix: Record<Format, string> = { text: '\n', markdown: '\n', html: '\n</body></html>\n' };

interface BodyCase {
  name: string;
  format: Format;
  /** The body of about `length` units. */
  body(length: number): string;
  /** Only bare (e.g. the body must start the document, like front matter). */
  bareOnly?: boolean;
  /** A document that carries its own profile structure (front matter, interests section). */
  selfWrapped?: boolean;
}

const abbreviationsNeverFinal =
  'Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Maj. Capt. Sgt. Adm. Gov. Sen. Rep. Amb. St. Mt. Fig. Vol. Art. Sec. Ch. ' +
  'pp. vs. cf. approx. Dept. est. ca. e.g. i.e. U.S. U.N. U.K. U.S.A. U.S.S.R. E.U. viz. Jan. Feb. Mar. Apr. ' +
  'Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. ';
const abbreviationsCapital = 'etc. Inc. Ltd. Co. Corp. Jr. Sr. al. Bros. etc. and Inc. so ';
const abbreviationsNumber = 'No. 5 Nos. 6 p. 12 para. 3 art. 4 sec. 9 ch. 2 vol. 1 op. 7 ';
const months =
  'January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul ' +
  'Aug Sep Sept Oct Nov Dec ';
const gazetteerNames =
  'Kazakhstan Uzbekistan Tajikistan Turkmenistan Kyrgyzstan Afghanistan Pakistan Iran China Russia Astana Kabul ' +
  'Tashkent Dushanbe Taliban Kazakh Afghan Afghans Uzbek TAPI pipeline CASA-1000 SCO CSTO United Nations UNAMA ';

const textCases: BodyCase[] = [
  { name: 'initials', format: 'text', body: (n) => repeatTo('A. ', n) },
  { name: 'abbreviations-never-final', format: 'text', body: (n) => repeatTo(abbreviationsNeverFinal, n) },
  { name: 'abbreviations-final-if-capital', format: 'text', body: (n) => repeatTo(abbreviationsCapital, n) },
  { name: 'abbreviations-before-number', format: 'text', body: (n) => repeatTo(abbreviationsNumber, n) },
  { name: 'dotted-letters', format: 'text', body: (n) => repeatTo('U.S.A.B.C.D.E.F.G.H.I.J. ', n) },
  { name: 'decimals-and-dots', format: 'text', body: (n) => repeatTo('1.5 2.25 3... 4.. .5 ', n) },
  { name: 'terminal-runs', format: 'text', body: (n) => repeatTo('?!?!... …… ', n) },
  {
    name: 'quotes-and-closers',
    format: 'text',
    body: (n) => repeatTo('"Afghanistan."Kazakhstan ’‘“”«» )] ([ \'\' ', n),
  },
  { name: 'only-dots', format: 'text', body: (n) => repeatTo('.', n) },
  {
    name: 'interest-markers',
    format: 'text',
    selfWrapped: true,
    body: (n) =>
      'Kazakhstan\n\nKey Interests & Priorities\n\n' +
      numbered(n, (i) => `${(i % 999) + 1}. Title ${i}\n${(i % 999) + 1}) Other\n(${(i % 999) + 1}) Third\n`),
  },
  {
    name: 'interest-marker-one-line',
    format: 'text',
    selfWrapped: true,
    body: (n) => 'Kazakhstan\n\nKey Interests\n\n' + repeatTo('1. 1) (1) ', n),
  },
  {
    name: 'heading-words',
    format: 'text',
    body: (n) =>
      repeatTo(
        'Profile\n\nKey Interests & Priorities\n\nOverview\n\nRecent Developments\n\nSome Title Case Heading\n\n',
        n,
      ),
  },
  { name: 'month-names', format: 'text', body: (n) => repeatTo(months, n) },
  {
    name: 'date-shapes',
    format: 'text',
    body: (n) =>
      repeatTo(
        '15 August 2021, 2021-08-15, 15/08/2021, 08/15/21, mid-October 2021, early 2022, the 1990s, between 2002 ' +
          'and 2021, from 2005 to 2012, 2002–2021, spring of 2020, ',
        n,
      ),
  },
  { name: 'day-month-pairs', format: 'text', body: (n) => repeatTo('1 May 2 June 3 July 12 Aug 31 Dec ', n) },
  {
    name: 'reference-events',
    format: 'text',
    body: (n) =>
      repeatTo(
        'after the Taliban takeover before the fall of Kabul since the Doha Agreement the Taliban’s return to power ',
        n,
      ),
  },
  { name: 'years', format: 'text', body: (n) => repeatTo('2021 1999 2050 1893 in 1839 ', n) },
  {
    name: 'number-unit-shapes',
    format: 'text',
    body: (n) =>
      repeatTo(
        '5,000 refugees 1.2 billion 10 billion cubic meters 300 MW 2 GW 50 per cent 40% 1,357-km two-thirds of a ' +
          'third of twenty-five km 13 American troops ',
        n,
      ),
  },
  { name: 'currency-signs', format: 'text', body: (n) => repeatTo('$1.2 billion US$ 300 million € £ ¥ ₽ ₸ $ $ ', n) },
  { name: 'long-number', format: 'text', body: (n) => repeatTo('1,0', n) },
  { name: 'gazetteer-names', format: 'text', body: (n) => repeatTo(gazetteerNames, n) },
  {
    name: 'gazetteer-prefixes',
    format: 'text',
    body: (n) => repeatTo('United United Islamic Islamic Republic of of Central Asian ', n),
  },
  { name: 'dashed-chains', format: 'text', body: (n) => repeatTo('Baku–Tbilisi–Kars–', n) + ' railway' },
  {
    name: 'role-phrases',
    format: 'text',
    body: (n) =>
      repeatTo('Foreign Minister Amir Khan Muttaqi said President Kassym-Jomart Tokayev met Deputy Prime Minister ', n),
  },
  { name: 'capitalised-run', format: 'text', body: (n) => numbered(n, (i) => `Alpha${i % 97} Beta `) },
  {
    name: 'head-led-run',
    format: 'text',
    body: (n) => repeatTo('Ministry of the Office for the Coordination of ', n) + 'Affairs',
  },
  { name: 'and-coordination', format: 'text', body: (n) => repeatTo('Fly Dubai Company and Kam Air Group and ', n) },
  { name: 'particle-names', format: 'text', body: (n) => numbered(n, (i) => `Saif al-Adel${i % 50} bin Laden abu `) },
  {
    name: 'acronyms-in-parentheses',
    format: 'text',
    body: (n) =>
      numbered(
        n,
        (i) =>
          `Japan International Cooperation Agency (JICA${i % 30}) JICA Immigration, Refugees and Citizenship ` +
          `Canada (IRCC) `,
      ),
  },
  { name: 'generic-acronyms', format: 'text', body: (n) => repeatTo('NGO ', n) + 'Peace Japan' },
  {
    name: 'negation-cues',
    format: 'text',
    body: (n) =>
      repeatTo('does not border never refuses to recognize has yet to withheld recognition no neither nor ', n),
  },
  {
    name: 'relation-triggers',
    format: 'text',
    body: (n) =>
      repeatTo(
        'Kazakhstan borders Afghanistan and supplies Afghanistan with wheat, hosted Uzbekistan, recognizes the ' +
          'Taliban, member of the SCO ',
        n,
      ),
  },
  {
    name: 'event-triggers',
    format: 'text',
    body: (n) =>
      repeatTo('visited met signed agreement aid delegation attack said summit talks sent food to Kabul ', n),
  },
  {
    name: 'theme-and-posture-words',
    format: 'text',
    body: (n) => repeatTo('security trade energy water migration arm’s length pragmatic engagement wary hostile ', n),
  },
  {
    name: 'one-giant-sentence',
    format: 'text',
    body: (n) => repeatTo('the grain trade with its southern neighbour continues to grow ', n),
  },
  { name: 'many-tiny-sentences', format: 'text', body: (n) => repeatTo('Go. ', n) },
  {
    name: 'many-real-sentences',
    format: 'text',
    body: (n) => repeatTo('Kazakhstan met Uzbekistan in Astana on 5 May 2022. Trade rose by 40%. ', n),
  },
  { name: 'many-paragraphs', format: 'text', body: (n) => repeatTo('Trade grew.\n\n', n) },
  { name: 'many-dates-one-sentence', format: 'text', body: (n) => repeatTo('on 15 August 2021 and ', n) },
  { name: 'many-names-one-sentence', format: 'text', body: (n) => repeatTo('Kazakhstan, ', n) },
  { name: 'long-word', format: 'text', body: (n) => repeatTo('a', n) },
  { name: 'long-capitalised-word', format: 'text', body: (n) => 'K' + repeatTo('z', n) },
  { name: 'long-line-punctuation', format: 'text', body: (n) => repeatTo(',;:-–—()', n) },
  { name: 'hyphen-run', format: 'text', body: (n) => repeatTo('Kazakh-', n) },
  { name: 'apostrophes', format: 'text', body: (n) => repeatTo("Afghanistan's ’s ' ", n) },
  { name: 'blank-lines', format: 'text', body: (n) => repeatTo('\n', n) + 'End.' },
  { name: 'whitespace-kinds', format: 'text', body: (n) => repeatTo(' \t\u00a0\u2009\u3000\r\n', n) + 'End.' },
  { name: 'combining-marks', format: 'text', body: (n) => repeatTo('e\u0301', n) },
  { name: 'surrogates-and-scripts', format: 'text', body: (n) => repeatTo('😀 Қазақстан ایران ישראל 中国 ', n) },
  { name: 'crlf-lines', format: 'text', body: (n) => repeatTo('Trade grew.\r\n', n) },
];

const mdCases: BodyCase[] = [
  { name: 'md-blockquote-markers', format: 'markdown', body: (n) => repeatTo('>', n) },
  {
    name: 'md-blockquote-lines',
    format: 'markdown',
    body: (n) => numbered(n, (i) => `${'>'.repeat((i % 200) + 1)} text\n`),
  },
  { name: 'md-nested-list', format: 'markdown', body: (n) => numbered(n, (i) => `${'  '.repeat(i)}- item\n`) },
  {
    name: 'md-nested-ordered-list',
    format: 'markdown',
    body: (n) => numbered(n, (i) => `${'   '.repeat(i)}1. item\n`),
  },
  { name: 'md-list-markers-one-line', format: 'markdown', body: (n) => repeatTo('- ', n) },
  { name: 'md-open-brackets', format: 'markdown', body: (n) => repeatTo('[', n) },
  { name: 'md-close-brackets', format: 'markdown', body: (n) => repeatTo(']', n) },
  { name: 'md-nested-brackets', format: 'markdown', body: (n) => nested('[', ']', 'a', n) },
  { name: 'md-unclosed-links', format: 'markdown', body: (n) => repeatTo('[a](', n) },
  { name: 'md-unclosed-images', format: 'markdown', body: (n) => repeatTo('![a](', n) },
  { name: 'md-nested-parentheses', format: 'markdown', body: (n) => '[a](' + nested('(', ')', 'x', n) + ')' },
  { name: 'md-link-definitions', format: 'markdown', body: (n) => numbered(n, (i) => `[l${i}]: http://x/${i}\n`) },
  { name: 'md-reference-links', format: 'markdown', body: (n) => repeatTo('[a][b] [c][] [d] ', n) + '\n\n[b]: /x\n' },
  { name: 'md-emphasis-stars', format: 'markdown', body: (n) => repeatTo('*', n) },
  { name: 'md-emphasis-alternating', format: 'markdown', body: (n) => repeatTo('*a **b _c __d ', n) },
  { name: 'md-nested-emphasis', format: 'markdown', body: (n) => nested('*_', '_*', 'a', n) },
  { name: 'md-backticks', format: 'markdown', body: (n) => numbered(n, (i) => '`'.repeat((i % 40) + 1) + 'a') },
  { name: 'md-code-fences', format: 'markdown', body: (n) => repeatTo('```\n', n) },
  { name: 'md-raw-html', format: 'markdown', body: (n) => repeatTo('<div><span>a', n) },
  { name: 'md-html-comment-unclosed', format: 'markdown', body: (n) => '<!-- ' + repeatTo('a -', n) },
  { name: 'md-headings', format: 'markdown', body: (n) => repeatTo('## Profile\n### 1. Trade\n', n) },
  { name: 'md-hash-run', format: 'markdown', body: (n) => repeatTo('#', n) },
  { name: 'md-setext', format: 'markdown', body: (n) => repeatTo('Title\n===\n', n) },
  { name: 'md-tables', format: 'markdown', body: (n) => '| a | b |\n|---|---|\n' + repeatTo('| x | y |\n', n) },
  {
    name: 'md-table-wide',
    format: 'markdown',
    body: (n) => repeatTo('|a', n / 2) + '\n' + repeatTo('|-', n / 2) + '\n',
  },
  { name: 'md-autolinks', format: 'markdown', body: (n) => repeatTo('<http://a.b/', n) },
  { name: 'md-entities', format: 'markdown', body: (n) => repeatTo('&amp;&#123;&#x1F600;&bogus; ', n) },
  { name: 'md-escapes', format: 'markdown', body: (n) => repeatTo('\\', n) },
  { name: 'md-hard-breaks', format: 'markdown', body: (n) => repeatTo('a  \n', n) },
  { name: 'md-footnotes', format: 'markdown', body: (n) => numbered(n, (i) => `[^${i}] `) },
  {
    name: 'md-ordered-interests',
    format: 'markdown',
    selfWrapped: true,
    body: (n) =>
      '# Kazakhstan\n\n## Key Interests & Priorities\n\n' +
      numbered(n, (i) => `${i + 1}. Interest ${i}\n\n   Trade grew.\n`),
  },
  {
    name: 'md-front-matter-keys',
    format: 'markdown',
    selfWrapped: true,
    body: (n) => '---\n' + numbered(n, (i) => `k${i}: v\n`) + '---\n# Kazakhstan\n\n## Profile\n\nText.\n',
  },
  {
    name: 'md-front-matter-long-value',
    format: 'markdown',
    selfWrapped: true,
    body: (n) => '---\nactor: Kazakhstan\nnote: ' + repeatTo('x', n) + '\n---\n# Kazakhstan\n\n## Profile\n\nText.\n',
  },
  {
    name: 'md-front-matter-nested',
    format: 'markdown',
    selfWrapped: true,
    body: (n) => '---\na: ' + nested('[', ']', '1', n) + '\n---\n# Kazakhstan\n\n## Profile\n\nText.\n',
  },
  {
    name: 'md-front-matter-aliases',
    format: 'markdown',
    selfWrapped: true,
    body: (n) =>
      '---\na: &a [x, x, x, x, x, x, x, x, x]\n' +
      numbered(n, (i) => `b${i}: &b${i} [*${i === 0 ? 'a' : `b${i - 1}`}, *${i === 0 ? 'a' : `b${i - 1}`}]\n`) +
      '---\n# Kazakhstan\n\n## Profile\n\nText.\n',
  },
  {
    name: 'md-backtick-run-lengths',
    format: 'markdown',
    body: (n) => numbered(n, (i) => '`'.repeat(Math.min(i + 1, 1000)) + ' '),
  },
  { name: 'md-backslash-hard-breaks', format: 'markdown', body: (n) => repeatTo('x\\\n\\\\', n) },
  {
    name: 'md-sections-with-lines',
    format: 'markdown',
    body: (n) => numbered(n, (i) => `${'#'.repeat((i % 3) + 2)} Section ${i}\n\nLine ${i} about Kabul.\n\n`),
  },
  {
    name: 'md-interest-headings',
    format: 'markdown',
    selfWrapped: true,
    body: (n) =>
      '# Kazakhstan\n\n## Key Interests\n\n' + numbered(n, (i) => `### ${i + 1}. Interest\n\nText ${i}.\n\n`),
  },
  {
    name: 'md-front-matter-cyclic-alias',
    format: 'markdown',
    selfWrapped: true,
    body: (n) => '---\na: &a [*a]\nactor: *a\n---\n# Kazakhstan\n\n## Profile\n\n' + repeatTo('Trade grew. ', n) + '\n',
  },
  {
    name: 'md-front-matter-prototype-keys',
    format: 'markdown',
    selfWrapped: true,
    body: (n) =>
      '---\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\n---\n# Kazakhstan\n\n## ' +
      'Profile\n\n' +
      repeatTo('Trade grew. ', n) +
      '\n',
  },
  {
    name: 'md-front-matter-unclosed',
    format: 'markdown',
    selfWrapped: true,
    body: (n) => '---\n' + numbered(n, (i) => `k${i}: v\n`),
  },
];

const htmlCases: BodyCase[] = [
  { name: 'html-unclosed-divs', format: 'html', body: (n) => repeatTo('<div>', n) },
  { name: 'html-nested-divs', format: 'html', body: (n) => nested('<div>', '</div>', 'text', n) },
  { name: 'html-nested-lists', format: 'html', body: (n) => repeatTo('<ul><li>', n) },
  { name: 'html-nested-ordered-lists', format: 'html', body: (n) => repeatTo('<ol><li>', n) },
  { name: 'html-nested-tables', format: 'html', body: (n) => repeatTo('<table><tr><td>', n) },
  { name: 'html-nested-inline', format: 'html', body: (n) => repeatTo('<b><i><span>', n) + 'text' },
  { name: 'html-nested-main', format: 'html', body: (n) => repeatTo('<main><article>', n) + '<p>text</p>' },
  { name: 'html-many-paragraphs', format: 'html', body: (n) => repeatTo('<p>Trade grew.</p>', n) },
  { name: 'html-unclosed-paragraphs', format: 'html', body: (n) => repeatTo('<p>Trade grew. ', n) },
  { name: 'html-line-breaks', format: 'html', body: (n) => repeatTo('<br>', n) },
  { name: 'html-headings', format: 'html', body: (n) => repeatTo('<h2>Profile</h2><h3>1. Trade</h3>', n) },
  { name: 'html-entities', format: 'html', body: (n) => repeatTo('&amp;&#123;&#x1F600;&bogus;&#xZZ; ', n) },
  { name: 'html-comment-unclosed', format: 'html', body: (n) => '<!-- ' + repeatTo('a -', n) },
  { name: 'html-cdata', format: 'html', body: (n) => repeatTo('<![CDATA[ x ]]>', n) },
  { name: 'html-script-unclosed', format: 'html', body: (n) => '<script>' + repeatTo('a<b', n) },
  { name: 'html-long-attribute', format: 'html', body: (n) => '<div title="' + repeatTo('x', n) + '">text</div>' },
  {
    name: 'html-many-attributes',
    format: 'html',
    body: (n) => '<div ' + numbered(n, (i) => `a${i}="v" `) + '>text</div>',
  },
  { name: 'html-angle-brackets', format: 'html', body: (n) => repeatTo('<', n) },
  { name: 'html-stray-closers', format: 'html', body: (n) => repeatTo('</div>', n) },
  {
    name: 'html-ordered-interests',
    format: 'html',
    selfWrapped: true,
    body: (n) =>
      '<html><body><h1>Kazakhstan</h1><h2>Key Interests</h2><ol>' +
      repeatTo('<li>Trade</li>', n) +
      '</ol></body></html>',
  },
];

function caseOf(body: BodyCase, wrapped: boolean): PathologicalCase {
  const prefix = profilePrefix[body.format];
  const suffix = profileSuffix[body.format];
  return {
    name: wrapped ? `${body.name}` : `${body.name}-bare`,
    format: body.format,
    make: (bytes: number) =>
      wrapped ? prefix + body.body(Math.max(1, bytes - prefix.length - suffix.length)) + suffix : body.body(bytes),
  };
}

/** Every case: each body wrapped as a profile and bare (self-wrapped bodies once). */
export const pathologicalCases: readonly PathologicalCase[] = [...textCases, ...mdCases, ...htmlCases].flatMap(
  (body) =>
    body.selfWrapped
      ? [{ name: body.name, format: body.format, make: (bytes: number) => body.body(bytes) }]
      : body.bareOnly
        ? [caseOf(body, false)]
        : [caseOf(body, true), caseOf(body, false)],
);
