#!/usr/bin/env node
// Generates test-fixtures/seed-variants/ from test-fixtures/seed-kazakhstan.txt: the same
// profile in other encodings, line ends, layouts and formats (Markdown, HTML). Re-runnable:
// `node test-fixtures/make-seed-variants.mjs` rewrites every variant from the seed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const here = dirname(fileURLToPath(import.meta.url));
const seed = readFileSync(join(here, 'seed-kazakhstan.txt'), 'utf8');
const out = join(here, 'seed-variants');
mkdirSync(out, { recursive: true });

// The seed's parts: title, Profile paragraph, interests with their paragraphs.
const lines = seed.split('\n');
const title = lines[0];
const profileHeading = lines[2];
const profile = lines[3];
const interestsHeading = lines[4];
const interests = [];
for (let i = 5; i < lines.length; i += 2) {
  const match = /^(\d+)\. (.*)$/.exec(lines[i]);
  if (!match) throw new Error(`unexpected seed line ${i + 1}: ${lines[i]}`);
  interests.push({ rank: Number(match[1]), title: match[2], body: lines[i + 1] });
}

const write = (name, content) => {
  writeFileSync(join(out, name), content);
  console.log(`wrote ${join('test-fixtures/seed-variants', name)}`);
};

// Plain text: CRLF line ends and a UTF-8 BOM.
write('seed-crlf-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed.replace(/\n/g, '\r\n'), 'utf8')]));

// UTF-16 little endian with BOM, big endian without BOM.
write('seed-utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed, 'utf16le')]));
const le = Buffer.from(seed, 'utf16le');
const be = Buffer.alloc(le.length);
for (let i = 0; i < le.length; i += 2) {
  be[i] = le[i + 1];
  be[i + 1] = le[i];
}
write('seed-utf16be.txt', be);

// Windows-1251: the seed with a Cyrillic word added to a sentence.
const cyrillic = seed.replace('Astana largely stayed', 'Astana (Казахстан) largely stayed');
if (cyrillic === seed) throw new Error('could not place the Cyrillic word');
write('seed-windows-1251.txt', iconv.encode(cyrillic, 'win1251'));

// Plain text with "Key Interests and Priorities" and "1)" markers.
write(
  'seed-key-interests-and-priorities.txt',
  seed.replace('Key Interests & Priorities', 'Key Interests and Priorities').replace(/^(\d+)\. /gm, '$1) '),
);

// Markdown with YAML front matter; interests as numbered headings. Some inline markup whose
// plain text is the seed's.
const emphasise = (text) => text.replace('Strategy 2050', '*Strategy 2050*').replace('TAPI pipeline', '[TAPI pipeline](https://en.wikipedia.org/wiki/TAPI_pipeline)');
const frontMatter = [
  '---',
  'actor: Kazakhstan',
  'country: KAZ',
  'as_of: 2022-06-30',
  'source: https://example.org/profiles/kazakhstan',
  'author: Dossier test fixtures',
  'reviewed: true',
  '---',
  '',
].join('\n');
write(
  'seed-front-matter.md',
  [
    frontMatter,
    `# ${title}`,
    '',
    `## ${profileHeading}`,
    '',
    emphasise(profile),
    '',
    `## ${interestsHeading}`,
    '',
    ...interests.flatMap((interest) => [`### ${interest.rank}. ${interest.title}`, '', emphasise(interest.body), '']),
  ].join('\n'),
);

// Markdown with the interests as an ordered list whose items hold the paragraph.
write(
  'seed-ordered-list.md',
  [
    `# ${title}`,
    '',
    `## ${profileHeading}`,
    '',
    profile,
    '',
    `## ${interestsHeading}`,
    '',
    ...interests.flatMap((interest) => [`${interest.rank}. **${interest.title}**`, '', `   ${emphasise(interest.body)}`, '']),
  ].join('\n'),
);

// HTML page: navigation, header, footer, script and style around the profile in <main>.
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
write(
  'seed-page.html',
  `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escape(title)} | Regional Profiles</title>
  <style>body { font-family: serif; } .lead::before { content: "Profile"; }</style>
  <script>window.analytics = { page: "Profile", note: "1. Not an interest." };</script>
</head>
<body>
  <header><a href="/">Regional Profiles</a><h2>Profile of the week</h2></header>
  <nav><ul><li><a href="/profiles">Profiles</a></li><li><a href="/about">Key Interests &amp; Priorities explained</a></li></ul></nav>
  <main>
    <h1>${escape(title)}</h1>
    <h2>${escape(profileHeading)}</h2>
    <p class="lead">${escape(profile).replace('Astana largely stayed', 'Astana <em>largely</em>\n      stayed')}</p>
    <h2>${escape(interestsHeading)}</h2>
    <ol>
${interests.map((interest) => `      <li><h3>${escape(interest.title)}</h3>\n        <p>${escape(interest.body)}</p></li>`).join('\n')}
    </ol>
    <script>console.log("Not content.");</script>
  </main>
  <aside>Related: Uzbekistan. Tajikistan.</aside>
  <footer><p>© Regional Profiles. All rights reserved.</p></footer>
</body>
</html>
`,
);
