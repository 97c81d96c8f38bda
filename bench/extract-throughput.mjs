// Throughput of the extraction pipeline against wink-nlp's own readDoc over the same text, on
// one core, plus how the time per KB grows from 1 KB to 1 MB documents.
// Usage: npm run build && node bench/extract-throughput.mjs
//    or (from sources): DOSSIER_BENCH_SRC=1 node --import tsx bench/extract-throughput.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fromSources = process.env.DOSSIER_BENCH_SRC === '1';
const layer = (name) => (fromSources ? join(root, 'src', name, 'index.ts') : join(root, 'dist', name, 'index.js'));
const { ingestProfile } = await import(layer('ingest'));
const { extractProfile, loadReferenceData, defaultDataDir } = await import(layer('extract'));
const require = createRequire(import.meta.url);
const winkNLP = require('wink-nlp');
const winkModel = require('wink-eng-lite-web-model');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_BYTES = 2 * 1024 * 1024;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const countWords = (text) => {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || code === 10 || code === 13 || code === 9;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
};

// The seed and the example profiles, with actors, people and places varied so no two copies are alike.
const sources = [join(root, 'test-fixtures', 'seed-kazakhstan.txt')];
for (const file of readdirSync(join(root, 'examples')))
  if (file.endsWith('.md') && file !== 'README.md') sources.push(join(root, 'examples', file));
const profiles = sources.map((path) => ({ name: path, text: readFileSync(path, 'utf8') }));
const swaps = [
  ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Uzbekistan', 'Turkmenistan', 'Mongolia', 'Azerbaijan'],
  ['Kabul', 'Herat', 'Kandahar', 'Mazar-i-Sharif', 'Jalalabad'],
  ['Tashkent', 'Dushanbe', 'Ashgabat', 'Bishkek', 'Astana', 'Baku'],
  ['October', 'March', 'June', 'December', 'April'],
  ['2021', '2022', '2023', '2019', '2024'],
];
function vary(text, n) {
  let out = text;
  for (const group of swaps) {
    const from = group[n % group.length];
    const to = group[(n * 7 + 3) % group.length];
    if (from !== to) out = out.split(from).join(to);
  }
  return out.replace(
    /Bakhyt Sultanov|Shavkat Mirziyoyev|Emomali Rahmon/g,
    (name) => `${name.split(' ')[0]} ${['Aliyev', 'Karimov', 'Nazarov', 'Saidov', 'Rakhimov'][n % 5]}`,
  );
}
const ingest = (text, name) => ingestProfile({ bytes: Buffer.from(text, 'utf8'), name });

const documents = [];
let bytes = 0;
for (let n = 0; bytes < TARGET_BYTES; n++) {
  const profile = profiles[n % profiles.length];
  const text = vary(profile.text, n);
  const document = ingest(text, `${profile.name}#${n}`);
  documents.push(document);
  bytes += Buffer.byteLength(document.text, 'utf8');
}
const words = documents.reduce((total, document) => total + countWords(document.text), 0);
const reference = loadReferenceData(defaultDataDir());
const nlp = winkNLP(winkModel);

// Warm up both.
for (const document of documents.slice(0, 20)) {
  extractProfile(document, reference);
  nlp.readDoc(document.text);
}

const pipelineRuns = [];
const winkRuns = [];
for (let run = 0; run < RUNS; run++) {
  let start = performance.now();
  for (const document of documents) extractProfile(document, reference);
  pipelineRuns.push(performance.now() - start);
  start = performance.now();
  for (const document of documents) nlp.readDoc(document.text).tokens().length();
  winkRuns.push(performance.now() - start);
}
const pipelineRate = words / (median(pipelineRuns) / 1000);
const winkRate = words / (median(winkRuns) / 1000);
console.log(
  `corpus: ${documents.length} documents, ${(bytes / 1024 / 1024).toFixed(2)} MB, ${words} words; median of ` +
    `${RUNS} runs`,
);
console.log(
  `pipeline (extractProfile): ${Math.round(pipelineRate).toLocaleString('en')} words/s  ` +
    `(${median(pipelineRuns).toFixed(0)} ms)`,
);
console.log(
  `wink-nlp readDoc:          ${Math.round(winkRate).toLocaleString('en')} words/s  ` +
    `(${median(winkRuns).toFixed(0)} ms)`,
);
console.log(`ratio pipeline / wink:     ${((pipelineRate / winkRate) * 100).toFixed(1)}%  (target ≥ 35%)`);

// Growth: one profile document of 1 KB, 10 KB, 100 KB and 1 MB (the Profile section repeated with variations).
const bodyParts = [];
for (let n = 0; bodyParts.join('\n').length < 1_100_000; n++) {
  const source = documents[n % documents.length];
  for (const sentence of source.sentences) bodyParts.push(source.text.slice(sentence.start, sentence.end));
}
const body = bodyParts.join(' ');
console.log('size      per-KB time (median)');
for (const size of [1024, 10 * 1024, 100 * 1024, 1024 * 1024]) {
  let cut = body.slice(0, size);
  cut = cut.slice(0, Math.max(cut.lastIndexOf('. ') + 1, 1));
  const document = ingest(`Kazakhstan\n\nProfile\n${cut}\n`, `growth-${size}`);
  const repeats = Math.max(3, Math.round((RUNS * 200 * 1024) / size));
  const times = [];
  for (let run = 0; run < repeats; run++) {
    const start = performance.now();
    extractProfile(document, reference);
    times.push(performance.now() - start);
  }
  const perKb = median(times) / (document.text.length / 1024);
  console.log(`${String(size / 1024).padStart(5)} KB  ${(perKb * 1000).toFixed(1).padStart(8)} µs/KB`);
}
