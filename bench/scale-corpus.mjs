// The synthetic collection of the scale benchmark (bench/scale.mjs): profiles and sources built by
// recombining the real sentences of examples/*.md, examples/sources/ and the Kazakhstan seed, with
// varied actor names (variedActorName), real country names and codes, invented officials and
// dates, about 3.5 KB each. Deterministic: document i depends only on (seed, i), so a document can
// be regenerated alone (e.g. to draw search terms for a kept database).
// Layout: 70% profiles (four in five as Markdown with front matter in the layout of examples/*.md,
// one in five as plain text in the layout of the seed), 30% sources (Markdown with `kind: source`,
// title, publisher, published date and the actors they concern); a share of the profiles are new
// versions of an earlier actor (default 5%).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root, variedActorName } from './bench-support.mjs';

/** A small, fast, seedable PRNG (mulberry32). */
export function randomOf(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of the run's seed and a document's index (so each document has its own stream). */
const mix = (seed, index) => {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
};

const pick = (random, list) => list[Math.floor(random() * list.length)];
const between = (random, low, high) => low + Math.floor(random() * (high - low + 1));

/** Sentences of a paragraph (a full stop, question or exclamation mark, then a capital or a digit). */
export function splitSentences(paragraph) {
  return paragraph
    .split(/(?<=[.!?]["”’)]?)\s+(?=["“(]?[A-Z0-9])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 25 && /[.!?]["”’)]?$/.test(sentence));
}

const stripFrontMatter = (text) => (text.startsWith('---\n') ? text.slice(text.indexOf('\n---\n', 4) + 5) : text);

/** Real sentences, once: the Profile sentences, the interests (title and sentences) and the sources' sentences. */
export function loadSentencePools() {
  const profileSentences = [];
  const interests = [];
  const sourceSentences = [];
  const examples = path.join(root, 'examples');
  const addInterest = (title, paragraph) => {
    const sentences = splitSentences(paragraph);
    if (title && sentences.length > 0) interests.push({ title, sentences });
  };
  for (const file of readdirSync(examples)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()) {
    const body = stripFrontMatter(readFileSync(path.join(examples, file), 'utf8'));
    let section = '';
    let interestTitle = '';
    for (const block of body.split(/\n\s*\n/)) {
      const text = block.trim();
      if (text.startsWith('## ')) section = text.slice(3).trim();
      else if (text.startsWith('### '))
        interestTitle = text
          .slice(4)
          .replace(/^\d+\.\s*/, '')
          .trim();
      else if (text.startsWith('#') || text.startsWith('>') || !text) continue;
      else if (section === 'Profile') profileSentences.push(...splitSentences(text.replace(/\n/g, ' ')));
      else if (section.startsWith('Key Interests')) addInterest(interestTitle, text.replace(/\n/g, ' '));
    }
  }
  // The seed: a title line, "Profile", paragraphs, "Key Interests & Priorities", "N. Title" lines and paragraphs.
  const seedLines = readFileSync(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim());
  let seedSection = '';
  let seedInterest = '';
  for (const line of seedLines.slice(1)) {
    if (line === 'Profile' || line.startsWith('Key Interests')) seedSection = line;
    else if (/^\d+\.\s+\S/.test(line) && line.length < 80) seedInterest = line.replace(/^\d+\.\s*/, '');
    else if (!line) continue;
    else if (seedSection === 'Profile') profileSentences.push(...splitSentences(line));
    else addInterest(seedInterest, line);
  }
  const sources = path.join(examples, 'sources');
  for (const file of readdirSync(sources).sort()) {
    let text = readFileSync(path.join(sources, file), 'utf8');
    if (file.endsWith('.html')) {
      const paragraphs = [...text.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)].map((match) =>
        match[1]
          .replace(/<[^>]+>/g, '')
          .replace(/&amp;/g, '&')
          .replace(/&#39;|&rsquo;/g, '’')
          .replace(/&quot;/g, '"'),
      );
      text = paragraphs.join('\n\n');
    } else text = stripFrontMatter(text);
    for (const block of text.split(/\n\s*\n/)) {
      const paragraph = block.trim().replace(/\n/g, ' ');
      if (!paragraph || /^(#|>|By |Published:|Source:|Illustrative)/.test(paragraph) || paragraph.length < 80) continue;
      sourceSentences.push(...splitSentences(paragraph).filter((sentence) => !/Illustrative|Dossier/.test(sentence)));
    }
  }
  return { profileSentences, interests, sourceSentences };
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const givenNames = [
  'Rustam',
  'Aziz',
  'Farid',
  'Timur',
  'Nodira',
  'Dilshod',
  'Askar',
  'Gulnara',
  'Bakhyt',
  'Marat',
  'Zarina',
  'Olim',
  'Leyla',
  'Hamid',
  'Sanjar',
  'Elena',
  'Omar',
  'Yusuf',
  'Anvar',
  'Saida',
];
const surnameSyllables = [
  'ka',
  'ru',
  'to',
  'mi',
  'sa',
  'lo',
  'ven',
  'dar',
  'pol',
  'is',
  'nor',
  'bel',
  'gu',
  'ter',
  'an',
  'zu',
  'qa',
  'fe',
];
const surnameEndings = ['ov', 'ev', 'zoda', 'uly', 'ani', 'ski'];
const topics = [
  'transit trade',
  'wheat deliveries',
  'the trans-Afghan railway',
  'electricity exports',
  'border security',
  'humanitarian assistance',
  'water sharing on the Amu Darya',
  'counter-narcotics cooperation',
  'the TAPI gas pipeline',
  'visas for Afghan traders',
  'the return of refugees',
  'mining concessions',
];
const publishers = [
  'Regional Monitor',
  'Central Asia Wire',
  'Frontier Policy Review',
  'Steppe and Mountain Digest',
  'Kabul Transit Bulletin',
  'Eurasia Trade Weekly',
];
const roles = [
  'Deputy Foreign Minister',
  'special envoy for Afghanistan',
  'Trade Minister',
  'ambassador in Kabul',
  'Deputy Prime Minister',
  'head of the border service',
];
const countries = createRequire(import.meta.url)('world-countries');
/** Real countries (names and ISO alpha-3 codes), the names as people write them. */
export const realCountries = countries
  .filter((country) => country.independent && country.cca3 !== 'AFG')
  .map((country) => ({ name: country.name.common, code: country.cca3 }));

/** An invented official's name: a given name and a four-syllable surname (rare in the collection). */
function personOf(random) {
  let surname = '';
  for (let k = 0; k < 4; k++) surname += pick(random, surnameSyllables);
  surname += pick(random, surnameEndings);
  return { given: pick(random, givenNames), surname: surname[0].toUpperCase() + surname.slice(1) };
}

/** Sentences that name the document's actor, an official, a real country and a date. */
function templateSentence(random, actor, person, country) {
  const month = pick(random, months);
  const year = between(random, 2021, 2025);
  const official = `${person.given} ${person.surname}`;
  const templates = [
    () =>
      `In ${month} ${year}, ${actor} sent a delegation led by Deputy Foreign Minister ${official} to Kabul to ` +
      `discuss ${pick(random, topics)}.`,
    () => `${official}, the ${pick(random, roles)} of ${actor}, met Taliban officials in Kabul in ${month} ${year}.`,
    () =>
      `${actor} and ${country.name} signed a memorandum on ${pick(random, topics)} in ${month} ${year}, ` +
      `according to officials of both sides.`,
    () =>
      `Trade between ${actor} and Afghanistan reportedly reached $${between(random, 20, 900)} million in ` +
      `${year}, much of it in ${pick(random, ['wheat', 'flour', 'fuel', 'electricity', 'cement', 'textiles'])}.`,
    () =>
      `${actor} coordinates its Afghan policy closely with ${country.name}, and in ${month} ${year} the two ` +
      `agreed to work together on ${pick(random, topics)}.`,
  ];
  return pick(random, templates)();
}

/** Up to `count` sentences of `list` in order, starting at a random one (wrapping around). */
function run(random, list, count) {
  const start = Math.floor(random() * list.length);
  return Array.from({ length: Math.min(count, list.length) }, (_, k) => list[(start + k) % list.length]);
}

/** Sentences until the paragraphs reach `target` characters, drawn from `pool`. */
function fill(random, paragraphs, pool, target) {
  const length = () => paragraphs.reduce((sum, paragraph) => sum + paragraph.join(' ').length + 2, 0);
  while (length() < target) pick(random, paragraphs).push(pick(random, pool));
}

/**
 * The generator of one run: `documentAt(i)` gives document i of the collection (file name, text,
 * kind, actor name, the invented official's surname).
 */
export function createCorpus({ seed = 1, sourceShare = 0.3, versionShare = 0.05, pools = loadSentencePools() } = {}) {
  const allInterestSentences = pools.interests.flatMap((interest) => interest.sentences);
  // Sources fall on fixed positions of every ten documents, so each 10% slice has the same mix.
  const sourceSlots = new Set([2, 5, 8, 9, 0, 7, 3, 1, 4, 6].slice(0, Math.round(sourceShare * 10)));
  const isSource = (index) => sourceSlots.has(index % 10);
  /** Profile actor and country of document `index` (a version of an earlier profile takes that one's). */
  const profileActor = (index) => {
    const random = randomOf(mix(seed, index) ^ 0x5bd1e995);
    if (index >= 20 && random() < versionShare) {
      for (let tries = 0; tries < 8; tries++) {
        const earlier = Math.floor(random() * index);
        if (!isSource(earlier)) return profileActor(earlier);
      }
    }
    return { name: variedActorName(index), country: pick(random, realCountries), index };
  };

  function profileAt(index, random) {
    const actor = profileActor(index);
    const person = personOf(random);
    const target = between(random, 2800, 3700);
    const profile = [
      run(random, pools.profileSentences, between(random, 3, 5)),
      run(random, pools.profileSentences, between(random, 2, 4)),
    ];
    profile[0].splice(1, 0, templateSentence(random, actor.name, person, pick(random, realCountries)));
    profile[1].push(templateSentence(random, actor.name, person, actor.country));
    const chosen = [];
    const interestCount = between(random, 3, 5);
    while (chosen.length < interestCount) {
      const interest = pick(random, pools.interests);
      if (!chosen.some((taken) => taken.title === interest.title)) chosen.push(interest);
    }
    const paragraphs = chosen.map((interest) => run(random, interest.sentences, between(random, 2, 4)));
    paragraphs[between(random, 0, paragraphs.length - 1)].push(
      templateSentence(random, actor.name, person, pick(random, realCountries)),
    );
    const head = `${actor.name}\n\n${profile.map((p) => p.join(' ')).join('\n\n')}`;
    fill(random, paragraphs, allInterestSentences, target - head.length - 60 * chosen.length);
    const asOf = `${between(random, 2022, 2025)}-${String(between(random, 1, 12)).padStart(2, '0')}-28`;
    let text;
    let extension;
    if (random() < 0.8) {
      extension = 'md';
      text = [
        '---',
        `actor: ${actor.name}`,
        `country: ${actor.country.code}`,
        `as_of: ${asOf}`,
        'focus: AFG',
        'author: Dossier scale benchmark (synthetic)',
        'source: null',
        '---',
        `# ${actor.name}`,
        '',
        '## Profile',
        '',
        profile.map((p) => p.join(' ')).join('\n\n'),
        '',
        '## Key Interests & Priorities',
        '',
        chosen.map((interest, k) => `### ${k + 1}. ${interest.title}\n\n${paragraphs[k].join(' ')}`).join('\n\n'),
        '',
      ].join('\n');
    } else {
      extension = 'txt';
      text = [
        actor.name,
        'Profile',
        ...profile.map((p) => p.join(' ')),
        'Key Interests & Priorities',
        ...chosen.flatMap((interest, k) => [`${k + 1}. ${interest.title}`, paragraphs[k].join(' ')]),
        '',
      ].join('\n');
    }
    return {
      kind: 'profile',
      extension,
      text,
      actorName: actor.name,
      surname: person.surname,
      versionOf: actor.index === index ? null : actor.index,
    };
  }

  function sourceAt(index, random) {
    const person = personOf(random);
    const country = pick(random, realCountries);
    // The profiles the source concerns: one or two earlier profile actors (or later ones for the first documents).
    const concerned = [];
    for (let tries = 0; concerned.length < between(random, 1, 2) && tries < 10; tries++) {
      const other = index > 10 ? Math.floor(random() * index) : between(random, 0, 20);
      if (!isSource(other)) {
        const name = profileActor(other).name;
        if (!concerned.includes(name)) concerned.push(name);
      }
    }
    const publisher = pick(random, publishers);
    const year = between(random, 2021, 2025);
    const month = String(between(random, 1, 12)).padStart(2, '0');
    const published = `${year}-${month}-${String(between(random, 1, 28)).padStart(2, '0')}`;
    const topic = pick(random, topics);
    const title =
      `${concerned[0] ?? country.name} and ${country.name} weigh ` + `${topic}: ${publisher} report no. ${index + 1}`;
    const target = between(random, 2900, 3800);
    const pool = random() < 0.5 ? pools.sourceSentences : [...pools.sourceSentences, ...pools.profileSentences];
    const summary = [run(random, pools.sourceSentences, between(random, 2, 4))];
    for (const name of concerned) summary[0].push(templateSentence(random, name, person, country));
    const background = [run(random, pool, 3), run(random, pool, 3), run(random, pool, 2)];
    fill(random, background, pool, target - title.length - summary[0].join(' ').length - 300);
    const text = [
      '---',
      `title: "${title}"`,
      `published: ${published}`,
      `publisher: ${publisher}`,
      `author: ${person.given} ${person.surname}`,
      `actors: [${concerned.join(', ')}]`,
      'kind: source',
      '---',
      `# ${title}`,
      '',
      '## Summary',
      '',
      summary[0].join(' '),
      '',
      '## Background',
      '',
      background.map((p) => p.join(' ')).join('\n\n'),
      '',
    ].join('\n');
    return { kind: 'source', extension: 'md', text, actorName: title, surname: person.surname, versionOf: null };
  }

  return {
    seed,
    isSource,
    /** Document `index`: { name, text, kind, extension, actorName, surname, versionOf }. */
    documentAt(index) {
      const random = randomOf(mix(seed, index));
      const document = isSource(index) ? sourceAt(index, random) : profileAt(index, random);
      return { ...document, name: `${String(index).padStart(6, '0')}.${document.extension}` };
    },
  };
}
