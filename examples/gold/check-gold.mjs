// Checks the hand-made gold annotations in examples/gold/*.gold.json against the example
// profiles they describe: every (text, occurrence) exists in the body after the front matter,
// mentions do not overlap, types, themes, countries, entity ids and EDTF values are well formed,
// interests match the profile's numbered headings, and no word-bounded occurrence of an
// annotated mention text is left unannotated. Usage: node examples/gold/check-gold.mjs [file…]
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const goldDir = dirname(fileURLToPath(import.meta.url));
const examplesDir = resolve(goldDir, '..');

const mentionTypes = new Set(['country', 'place', 'organization', 'person', 'project', 'document']);
const themes = new Set([
  'security', 'extremism', 'narcotics', 'governance', 'humanitarian', 'trade',
  'transport', 'energy', 'water', 'migration', 'diplomacy',
]);
const iso3 = /^[A-Z]{3}$/;
const slug = /^[a-z0-9][a-z0-9-]*$/;
const edtfDate = String.raw`(?:\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?|\d{3}X|\d{2}XX)`;
const edtf = new RegExp(String.raw`^(?:${edtfDate}|(?:${edtfDate}|\.\.)/(?:${edtfDate}|\.\.))$`);

/** Splits a profile into its YAML front matter (as raw lines) and the body after it. */
function splitFrontMatter(source) {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!match) return { frontMatter: '', body: source };
  return { frontMatter: match[1], body: source.slice(match[0].length) };
}

function frontMatterValue(frontMatter, key) {
  const line = frontMatter.split('\n').find((l) => l.startsWith(`${key}:`));
  return line === undefined ? undefined : line.slice(key.length + 1).trim();
}

/** Start offset of the n-th (1-based) case-sensitive occurrence of text in body, counting overlaps. */
function locate(body, text, occurrence) {
  let index = -1;
  for (let n = 0; n < occurrence; n += 1) {
    index = body.indexOf(text, index + 1);
    if (index === -1) return -1;
  }
  return index;
}

const isWordChar = (ch) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

function checkFile(goldPath) {
  const problems = [];
  const fail = (message) => problems.push(message);
  const gold = JSON.parse(readFileSync(goldPath, 'utf8'));
  const profilePath = join(examplesDir, gold.document ?? '');
  let source;
  try {
    source = readFileSync(profilePath, 'utf8');
  } catch {
    return [`document ${gold.document} not found in ${examplesDir}`];
  }
  const { frontMatter, body } = splitFrontMatter(source);

  if (gold.actor?.name !== frontMatterValue(frontMatter, 'actor')) fail(`actor.name ${gold.actor?.name} differs from the front matter`);
  if (gold.actor?.country !== frontMatterValue(frontMatter, 'country')) fail(`actor.country ${gold.actor?.country} differs from the front matter`);

  // The notice blockquote must stay free of annotations.
  const noticeStart = body.search(/^> /m);
  const noticeEnd = noticeStart === -1 ? -1 : body.indexOf('\n', noticeStart);

  // Interests: ranks 1..n, titles equal to the numbered headings, themes from the taxonomy.
  const headings = [...body.matchAll(/^#{2,4}\s+(\d+)[.)]\s+(.+)$/gm)].map((m) => ({ rank: Number(m[1]), title: m[2].trim() }));
  const interests = gold.interests ?? [];
  if (interests.length !== headings.length) fail(`${interests.length} interests in gold, ${headings.length} numbered headings in the profile`);
  interests.forEach((interest, i) => {
    if (interest.rank !== i + 1) fail(`interest ${i + 1} has rank ${interest.rank}`);
    const heading = headings.find((h) => h.rank === interest.rank);
    if (!heading || heading.title !== interest.title) fail(`interest ${interest.rank} title "${interest.title}" does not match heading "${heading?.title}"`);
    if (!themes.has(interest.theme)) fail(`interest ${interest.rank} theme "${interest.theme}" is not in the taxonomy`);
  });

  /** Resolves (text, occurrence) to a span, reporting anything that does not resolve. */
  const resolveSpan = (kind, item) => {
    if (typeof item.text !== 'string' || !Number.isInteger(item.occurrence) || item.occurrence < 1) {
      fail(`${kind} ${JSON.stringify(item)} needs text and a positive integer occurrence`);
      return null;
    }
    const start = locate(body, item.text, item.occurrence);
    if (start === -1) {
      fail(`${kind} "${item.text}" occurrence ${item.occurrence} does not exist in the body`);
      return null;
    }
    const end = start + item.text.length;
    if (noticeStart !== -1 && start < noticeEnd && end > noticeStart) fail(`${kind} "${item.text}" #${item.occurrence} lies in the notice blockquote`);
    if (isWordChar(body[start - 1]) || isWordChar(body[end])) fail(`${kind} "${item.text}" #${item.occurrence} cuts through a word`);
    return { start, end, item };
  };

  const checkNoOverlap = (kind, spans) => {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i += 1) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      if (b.start < a.end) fail(`${kind} "${a.item.text}" #${a.item.occurrence} overlaps "${b.item.text}" #${b.item.occurrence}`);
    }
    return sorted;
  };

  // Mentions.
  const mentionSpans = [];
  for (const mention of gold.mentions ?? []) {
    if (!mentionTypes.has(mention.type)) fail(`mention "${mention.text}" has unknown type ${mention.type}`);
    if (mention.country !== null && !iso3.test(mention.country ?? '')) fail(`mention "${mention.text}" country must be ISO alpha-3 or null`);
    if (mention.type === 'country') {
      if (!iso3.test(mention.entity ?? '') || mention.entity !== mention.country) fail(`country mention "${mention.text}" must have entity = country = ISO alpha-3`);
    } else if (!slug.test(mention.entity ?? '')) {
      fail(`mention "${mention.text}" entity "${mention.entity}" is not a lowercase-hyphen slug`);
    }
    const span = resolveSpan('mention', mention);
    if (span) mentionSpans.push(span);
  }
  const sortedMentions = checkNoOverlap('mention', mentionSpans);
  if (!sortedMentions.some((s) => s.item.text === gold.actor?.name && body.slice(0, s.start).trim() === '#')) {
    fail(`the title line's actor name is not annotated`);
  }

  // Coverage: every word-bounded occurrence of an annotated surface form outside other
  // mentions and the notice is annotated too (same entity for the same text).
  const entityByText = new Map();
  for (const { item } of mentionSpans) {
    const previous = entityByText.get(item.text);
    if (previous !== undefined && previous !== item.entity) fail(`"${item.text}" is linked to both ${previous} and ${item.entity}`);
    entityByText.set(item.text, item.entity);
  }
  const covered = (start, end) => sortedMentions.some((s) => start < s.end && end > s.start);
  for (const text of entityByText.keys()) {
    for (let at = body.indexOf(text); at !== -1; at = body.indexOf(text, at + 1)) {
      const end = at + text.length;
      if (isWordChar(body[at - 1]) || isWordChar(body[end])) continue;
      if (noticeStart !== -1 && at >= noticeStart && at < noticeEnd) continue;
      if (!covered(at, end)) fail(`"${text}" at offset ${at} is not annotated`);
    }
  }

  // Times, not-times and quantities.
  const timeSpans = [];
  for (const time of gold.times ?? []) {
    if (!edtf.test(time.value ?? '')) fail(`time "${time.text}" value ${time.value} is not EDTF`);
    const span = resolveSpan('time', time);
    if (span) timeSpans.push(span);
  }
  checkNoOverlap('time', timeSpans);
  for (const text of gold.not_times ?? []) {
    if (typeof text !== 'string' || !body.includes(text)) fail(`not_time "${text}" does not occur in the body`);
  }
  const quantitySpans = [];
  for (const quantity of gold.quantities ?? []) {
    if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) fail(`quantity "${quantity.text}" needs a numeric value`);
    if (typeof quantity.unit !== 'string' || quantity.unit === '') fail(`quantity "${quantity.text}" needs a unit`);
    const span = resolveSpan('quantity', quantity);
    if (span) quantitySpans.push(span);
  }
  checkNoOverlap('quantity', quantitySpans);
  return problems;
}

const args = process.argv.slice(2);
const files = args.length > 0
  ? args.map((f) => resolve(f))
  : readdirSync(goldDir).filter((f) => f.endsWith('.gold.json')).sort().map((f) => join(goldDir, f));
let failed = false;
for (const file of files) {
  let problems;
  try {
    problems = checkFile(file);
  } catch (error) {
    problems = [`cannot check: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (problems.length === 0) {
    const gold = JSON.parse(readFileSync(file, 'utf8'));
    console.log(`ok   ${basename(file)}: ${gold.mentions.length} mentions, ${gold.times.length} times, ${gold.quantities.length} quantities, ${gold.interests.length} interests`);
  } else {
    failed = true;
    console.log(`FAIL ${basename(file)}`);
    for (const p of problems) console.log(`     ${p}`);
  }
}
process.exitCode = failed ? 1 : 0;
