// Review rules decided in core, applied by the store at save: which machine facts of a fresh
// extraction need no editor's eye, each rule conservative and checked on its own. The store
// confirms the facts these decisions name (reviewedBy = the rule) only when they are still
// machine, of machine origin and never reviewed, so a person's decision always wins and an
// undone rule decision is not taken again. The rule of exact country names (`rule:exact-country`)
// stays in the store (it needs nothing but the stored entity).
import type { CountryRecord, Extraction, GazetteerEntry, Mention, ReferenceData, Time } from '../model/index.js';
import type { SaveDocumentInput } from '../store/index.js';

/** A rule's decision about one item of an extraction (the store's RuleDecision). */
export type RuleDecision = NonNullable<SaveDocumentInput['ruleDecisions']>[number];

/** The reviewer each rule writes. */
export const reviewRules = {
  exactCountry: 'rule:exact-country',
  exactGazetteer: 'rule:exact-gazetteer',
  explicitDate: 'rule:explicit-date',
} as const;
export type ReviewRule = (typeof reviewRules)[keyof typeof reviewRules];

/** Every rule with what it confirms, in plain words (for the review page and the API). */
export const reviewRuleDescriptions: ReadonlyArray<{ rule: ReviewRule; description: string }> = [
  { rule: reviewRules.exactCountry, description: 'a country named exactly as in the gazetteer' },
  { rule: reviewRules.exactGazetteer, description: 'a gazetteer name matched exactly and unambiguously' },
  { rule: reviewRules.explicitDate, description: 'a date written in full' },
];

/** A name as compared for claims: accents, case and punctuation dropped, spaces single (look-alikes collide). */
const claimKey = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The reference data indexed for the rules (built once per reference object). */
interface RuleIndex {
  gazetteerById: Map<string, GazetteerEntry>;
  /** claimKey(name) → the ids of every gazetteer entry and country that names itself so. */
  claimants: Map<string, Set<string>>;
}

const indexes = new WeakMap<ReferenceData, RuleIndex>();

function ruleIndex(reference: ReferenceData): RuleIndex {
  const cached = indexes.get(reference);
  if (cached) return cached;
  const claimants = new Map<string, Set<string>>();
  const claim = (name: string, id: string): void => {
    const key = claimKey(name);
    if (!key) return;
    let ids = claimants.get(key);
    if (!ids) claimants.set(key, (ids = new Set()));
    ids.add(id);
  };
  const countryForms = (country: CountryRecord): string[] => [
    country.name,
    country.officialName,
    ...country.aliases,
    ...country.demonyms,
  ];
  for (const country of reference.countries)
    for (const form of countryForms(country)) claim(form, `country:${country.id}`);
  const gazetteerById = new Map<string, GazetteerEntry>();
  for (const entry of reference.gazetteer) {
    // An id listed twice is itself an ambiguity: neither entry is taken as the curated one.
    gazetteerById.set(entry.id, gazetteerById.has(entry.id) ? { ...entry, aliases: [], name: '' } : entry);
    for (const form of [entry.name, ...entry.aliases]) claim(form, `gazetteer:${entry.id}`);
  }
  const index = { gazetteerById, claimants };
  indexes.set(reference, index);
  return index;
}

/** Month and weekday names: as a mention they may be a misread date ("May", "March"). */
const calendarWords = new Set(
  [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].concat(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']),
);

const entityMaps = new WeakMap<object, Map<string, Extraction['entities'][number]>>();
/** The extraction's entities by id (built once per extraction). */
function entitiesById(extraction: Pick<Extraction, 'entities'>): Map<string, Extraction['entities'][number]> {
  let map = entityMaps.get(extraction.entities);
  if (!map)
    entityMaps.set(extraction.entities, (map = new Map(extraction.entities.map((entity) => [entity.id, entity]))));
  return map;
}

/**
 * `rule:exact-gazetteer`: a machine mention named (not found by coreference), linked to a curated
 * gazetteer entry of its type, whose words (as they stand in the text, 3 characters or more, with a
 * capital, not a month or weekday name) are exactly the entry's name or one of its aliases, and
 * which no other gazetteer entry or country claims (compared without case, accents or punctuation,
 * so look-alikes count as claims).
 */
export function isExactGazetteerMention(
  mention: Mention,
  extraction: Pick<Extraction, 'text' | 'entities'>,
  reference: ReferenceData,
): boolean {
  if (mention.via !== undefined || mention.type === 'country') return false;
  const words = extraction.text.slice(mention.start, mention.end);
  if (words !== mention.text || words.trim() !== words || words.length < 3) return false;
  // A proper name as written (a capital), and not a calendar word ("May", "March") a date may be mistaken for.
  if (!/\p{Lu}/u.test(words) || calendarWords.has(words.toLowerCase())) return false;
  const { gazetteerById, claimants } = ruleIndex(reference);
  const entry = gazetteerById.get(mention.entity);
  if (!entry || !entry.name || entry.type !== mention.type) return false;
  // A detected name given the id of a gazetteer entry is not that entry.
  const linked = entitiesById(extraction).get(mention.entity);
  if (linked && linked.name !== entry.name) return false;
  if (words !== entry.name && !entry.aliases.includes(words)) return false;
  const claims = claimants.get(claimKey(words));
  return claims !== undefined && claims.size === 1 && claims.has(`gazetteer:${entry.id}`);
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
const monthPattern = months.join('|');
const pad = (n: number): string => String(n).padStart(2, '0');
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** Years a plain calendar expression of these documents may name (a 4-digit number outside is more likely a count). */
const plausibleYear = (year: number): boolean => year >= 1800 && year <= 2100;

/**
 * The EDTF value of a plain calendar expression with an explicit four-digit year, or null: a year
 * ("2021"), month and year ("December 2022"), day, month and year in either order ("15 August 2021",
 * "August 15, 2021"), a decade ("1990s"). Anything else (a qualifier, an ordinal, an abbreviation,
 * a season, a range, another language) is null. Independent of the extraction's own time parser.
 */
export function plainCalendarValue(words: string): string | null {
  let match = /^(\d{4})$/.exec(words);
  if (match) return plausibleYear(Number(match[1])) ? match[1]! : null;
  match = /^(\d{3})0s$/.exec(words);
  if (match) return plausibleYear(Number(`${match[1]}0`)) ? `${match[1]}X` : null;
  match = new RegExp(`^(${monthPattern}) (\\d{4})$`).exec(words);
  if (match) return plausibleYear(Number(match[2])) ? `${match[2]}-${pad(months.indexOf(match[1]!) + 1)}` : null;
  let day: string | undefined;
  let month: string | undefined;
  let year: string | undefined;
  match = new RegExp(`^(\\d{1,2}) (${monthPattern}),? (\\d{4})$`).exec(words);
  if (match) [, day, month, year] = match;
  else {
    match = new RegExp(`^(${monthPattern}) (\\d{1,2}),? (\\d{4})$`).exec(words);
    if (match) [, month, day, year] = match;
  }
  if (!day || !month || !year || !plausibleYear(Number(year))) return null;
  const m = months.indexOf(month) + 1;
  const d = Number(day);
  if (d < 1 || d > daysIn(Number(year), m)) return null;
  return `${year}-${pad(m)}-${pad(d)}`;
}

/**
 * Words that, just before a date, make it approximate or a bound rather than the date itself ("late", "since", "by").
 */
const qualifiers = new Set([
  'early',
  'earlier',
  'mid',
  'middle',
  'late',
  'later',
  'around',
  'about',
  'circa',
  'c',
  'ca',
  'approximately',
  'approx',
  'roughly',
  'nearly',
  'almost',
  'some',
  'before',
  'after',
  'since',
  'until',
  'till',
  'til',
  'by',
  'from',
  'to',
  'through',
  'throughout',
  'between',
  'prior',
  'pre',
  'post',
  'beyond',
  'towards',
  'toward',
  'within',
  'past',
  'last',
  'next',
  'every',
  'each',
  'fiscal',
  'fy',
  'as',
  'up',
]);
/** Nouns that, before "of", make the date a part of a period ("the end of 2021", "much of 2023"). */
const partsOf = new Set([
  'end',
  'start',
  'beginning',
  'turn',
  'middle',
  'half',
  'part',
  'course',
  'spring',
  'summer',
  'autumn',
  'fall',
  'winter',
  'quarter',
  'much',
  'most',
  'rest',
  'close',
  'remainder',
  'dawn',
  'eve',
  'height',
]);

/** Whether the text right before a span qualifies it ("late 2023", "mid-2021", "before 2021", "the end of 2021"). */
function qualifiedBefore(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 60), start);
  if (/[-–—/~≈<>]\s*$/.test(before) || /\d\s*$/.test(before)) return true; // "mid-2021", "2019–2021", "~2020"
  const words = (/((?:[\p{L}.]+\s+){1,2})$/u.exec(before)?.[1] ?? '')
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/\.$/, '').toLowerCase());
  const last = words[words.length - 1];
  if (last === undefined || last === '') return false;
  if (qualifiers.has(last)) return true;
  return last === 'of' && words.length === 2 && partsOf.has(words[0]!);
}

/** Whether the text right after a span continues it ("2021–2023", "2021 onwards", "December 2022 or so", "2020s"). */
function continuedAfter(text: string, end: number): boolean {
  const after = text.slice(end, end + 20);
  return (
    /^\s*[-–—/~+]/.test(after) ||
    /^\s*(?:onwards?|on|or|to|through|until|till|ago|earlier|later|BC|BCE|AD|CE)\b/i.test(after) ||
    /^[\p{L}\p{N}]/u.test(after) ||
    /^\s*(?:%|per ?cent)/i.test(after)
  );
}

/**
 * `rule:explicit-date`: a machine time not completed from context, whose words are a plain calendar
 * expression with an explicit four-digit year, unqualified before and not continued after, and
 * whose stored value is exactly what plainCalendarValue reads from those words (an article or a
 * noun before it does not qualify it: "the December 2022 attack", "the attacks of 11 September 2001").
 */
export function isExplicitDate(time: Time, text: string): boolean {
  if (time.resolved !== undefined) return false;
  const words = text.slice(time.start, time.end);
  if (words !== time.text) return false;
  const value = plainCalendarValue(words);
  if (value === null || value !== time.value) return false;
  return !qualifiedBefore(text, time.start) && !continuedAfter(text, time.end);
}

/** The rule decisions of an extraction: which of its mentions and times the store confirms by rule at save. */
export function decideReviewRules(extraction: Extraction, reference: ReferenceData): RuleDecision[] {
  const decisions: RuleDecision[] = [];
  extraction.mentions.forEach((mention, index) => {
    if (isExactGazetteerMention(mention, extraction, reference))
      decisions.push({ kind: 'mention', index, rule: reviewRules.exactGazetteer });
  });
  extraction.times.forEach((time, index) => {
    if (isExplicitDate(time, extraction.text)) decisions.push({ kind: 'time', index, rule: reviewRules.explicitDate });
  });
  return decisions;
}
