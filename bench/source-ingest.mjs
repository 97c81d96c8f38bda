// Source ingest against profile ingest on the same text (issue 9: source MB/s within 80% of
// profile MB/s). The bundled example profiles are rendered three ways: as the profile itself
// (plain text: title, Profile, paragraphs, Key Interests & Priorities, "N. Title" lines); as a
// source text (the title line and the same paragraphs, without the profile's headings and
// interest lines); and as a source web page (the same paragraphs as an article between a header,
// navigation, a related-links box and a footer). Each set is ingested in-process many times,
// parse alone (ingestProfile) and parse + extraction (processProfile: what an ingest worker runs
// before it stores), interleaved so that machine load falls on all three alike, in CPU time.
// Prints MB/s of the input bytes, MB/s of the profile's text (the same sentences in every
// rendering), the median of the runs, and each source's ratio to the profile (target ≥ 0.8).
// Usage: npm run build && node bench/source-ingest.mjs [--runs 7] [--passes 20]
//    or (from sources): DOSSIER_BENCH_SRC=1 node --import tsx bench/source-ingest.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { argument, median, root } from './bench-support.mjs';

const fromSources = process.env.DOSSIER_BENCH_SRC === '1';
const layer = (name) => (fromSources ? join(root, 'src', name, 'index.ts') : join(root, 'dist', name, 'index.js'));
const { ingestProfile } = await import(layer('ingest'));
const { processProfile, bundledReferenceData } = await import(layer('core'));

const runs = Number(argument('runs', '7'));
const passes = Number(argument('passes', '20'));
const target = 0.8;

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A news site's page around the article: header with navigation, a related-links box, a footer, a script and styles.
 */
function articlePage(title, paragraphs) {
  const links = (items) =>
    items.map((item) => `<li><a href="/${item.toLowerCase().replace(/\W+/g, '-')}">${item}</a></li>`).join('');
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)} | Regional Monitor</title><meta property="og:site_name" content="Regional Monitor">`,
    '<link rel="stylesheet" href="/assets/site.css"><style>body{font-family:serif}.navbar li{display:inline}</style>',
    '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script></head><body>',
    `<header class="site-header"><a class="logo" href="/">Regional Monitor</a><nav ` +
      'class="navbar"><ul>' +
      links(['World', 'Central Asia', 'South Asia', 'Energy', 'Security', 'Opinion', 'Podcasts']) +
      '</ul></nav></header>',
    `<main><article><h1>${escapeHtml(title)}</h1>`,
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    '</article><aside class="related"><h2>Related</h2><ul>' +
      links(['Gas prices climb again', 'Border crossings reopen', 'A new rail corridor', 'Drought in the south']) +
      '</ul></aside></main>',
    `<footer class="site-footer"><nav><ul>${links(['About', 'Contact', 'Privacy', 'Terms'])}</ul></nav><p>© 2024 ` +
      `Regional Monitor. All rights reserved.</p></footer>`,
    '</body></html>',
  ].join('\n');
}

// The examples: each profile's own text (as the ingest reads it), and the two source renderings.
const examples = join(root, 'examples');
const sets = { profile: [], sourceText: [], sourceHtml: [] };
let textBytes = 0;
const sentencesOf = (document) =>
  document.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end));
const same = { sourceText: true, sourceHtml: true };
const kinds = { profile: new Set(), sourceText: new Set(), sourceHtml: new Set() };
for (const file of readdirSync(examples)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort()) {
  const parsed = ingestProfile({ bytes: readFileSync(join(examples, file)), name: file });
  const base = file.replace(/\.md$/, '');
  const profileText = parsed.text;
  // Lines that are layout: section headings and interest title lines; and the preamble between the
  // title and the first section (a profile keeps it out of its sentences). What is left: the sentences.
  const layoutStarts = new Set([
    ...parsed.sections.map((section) => section.headingStart),
    ...parsed.interests.map((interest) => interest.start),
  ]);
  const title = profileText.slice(parsed.titleSpan.start, parsed.titleSpan.end);
  const bodyStart = parsed.sections[0]?.headingStart ?? parsed.titleSpan.end + 1;
  const paragraphs = [];
  let offset = 0;
  for (const line of profileText.split('\n')) {
    if (offset >= bodyStart && line.trim() && !layoutStarts.has(offset)) paragraphs.push(line);
    offset += line.length + 1;
  }
  const renderings = {
    profile: { name: `${base}.txt`, bytes: Buffer.from(profileText, 'utf8') },
    sourceText: { name: `${base}-article.txt`, bytes: Buffer.from(`${title}\n\n${paragraphs.join('\n\n')}\n`, 'utf8') },
    sourceHtml: { name: `${base}-article.html`, bytes: Buffer.from(articlePage(title, paragraphs), 'utf8') },
  };
  const profileSentences = JSON.stringify(sentencesOf(ingestProfile(renderings.profile)));
  for (const [key, rendering] of Object.entries(renderings)) {
    const document = ingestProfile(rendering);
    kinds[key].add(document.kind);
    if (key !== 'profile' && JSON.stringify(sentencesOf(document)) !== profileSentences) same[key] = false;
    sets[key].push(rendering);
  }
  textBytes += Buffer.byteLength(profileText);
}

const reference = bundledReferenceData();
const stages = {
  parse: (document) => ingestProfile(document),
  'parse+extract': (document) => processProfile(document.bytes, document.name, undefined, reference),
};

const cpuSeconds = (run) => {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
};
const pass = (set, stage) => () => {
  for (let i = 0; i < passes; i++) for (const document of set) stage(document);
};

const results = {};
for (const [stageName, stage] of Object.entries(stages)) {
  const times = { profile: [], sourceText: [], sourceHtml: [] };
  for (const key of Object.keys(sets)) pass(sets[key], stage)(); // warm-up
  for (let run = 0; run < runs; run++)
    for (const key of Object.keys(sets)) times[key].push(cpuSeconds(pass(sets[key], stage)));
  results[stageName] = Object.fromEntries(Object.entries(times).map(([key, values]) => [key, median(values)]));
}

const mb = (bytes) => bytes / 1e6;
const inputBytes = Object.fromEntries(
  Object.entries(sets).map(([key, set]) => [key, set.reduce((sum, document) => sum + document.bytes.length, 0)]),
);
const labels = { profile: 'profile (text)', sourceText: 'source (text)', sourceHtml: 'source (HTML page)' };
console.log(
  `${sets.profile.length} example profiles, ${(textBytes / 1024).toFixed(1)} KiB of text; ${runs} runs of ` +
    `${passes} passes, median, CPU time (${fromSources ? 'sources' : 'dist/'})`,
);
console.log(
  `read as: profile ${[...kinds.profile]}, source text ${[...kinds.sourceText]}, source HTML ` +
    `${[...kinds.sourceHtml]}; same sentences as the profile: text ${same.sourceText}, HTML ${same.sourceHtml}`,
);
let under = false;
for (const [stageName, medians] of Object.entries(results)) {
  console.log(`\n${stageName}`);
  console.log(
    `  ${'rendering'.padEnd(20)} ${'input KiB'.padStart(9)} ${'input MB/s'.padStart(10)} ` +
      `${'text MB/s'.padStart(10)} ${'ratio'.padStart(6)}`,
  );
  for (const key of Object.keys(sets)) {
    const seconds = medians[key];
    const ratio = medians.profile / seconds;
    // The target is for the whole in-process ingest; parse alone is shown for where the time goes.
    const judged = key !== 'profile' && stageName === 'parse+extract';
    const mark = !judged ? '' : ratio >= target ? '  ok' : `  UNDER ${target}`;
    if (judged && ratio < target) under = true;
    console.log(
      `  ${labels[key].padEnd(20)} ${(inputBytes[key] / 1024).toFixed(1).padStart(9)} ` +
        `${(mb(inputBytes[key] * passes) / seconds).toFixed(2).padStart(10)} ` +
        `${(mb(textBytes * passes) / seconds).toFixed(2).padStart(10)} ${ratio.toFixed(2).padStart(6)}${mark}`,
    );
  }
}
console.log(
  `\ntarget: source text MB/s (the same text per second) ≥ ${target} × profile for parse+extract: ` +
    `${under ? 'NOT MET' : 'met'}`,
);
process.exitCode = under ? 1 : 0;
