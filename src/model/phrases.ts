// The one table of English phrases for relations and events (British spelling, as the UI writes
// "Organisation" and "Colour"), and the functions that read it: a relation's verb in its tense
// ("borders", "does not border", "recognised", "has recognised"), the time it holds ("in the
// 1990s", "(1996–2001)", "since 2021"), and an event's headline from its type and parties
// ("Pakistan and Afghanistan met in Doha"). GET /api/phrases serves the table so that the web UI
// applies the same forms (src/web/phrases.ts); the grammar lives here, in data.
import { z } from 'zod';
import { eventTypes, relationPredicates } from './extraction.js';

type RelationPredicate = (typeof relationPredicates)[number];
type EventType = (typeof eventTypes)[number];

/** A relation's verb in each tense, affirmed and negated. */
export interface VerbForms {
  present: string;
  presentNegated: string;
  past: string;
  pastNegated: string;
  /** For a current fact with a start ("has recognised … since 2021"). */
  perfect: string;
  perfectNegated: string;
}

/**
 * An event's headline templates: `{parties}` is the list of its parties' names, `{place}` its place's
 * name. `solo` for one party, `joint` for two or more, `none` when no party is known; `…At` when the
 * event has a place.
 */
export interface EventHeadlines {
  solo: string;
  soloAt: string;
  joint: string;
  jointAt: string;
  none: string;
  noneAt: string;
}

export interface PhraseTable {
  relations: Record<RelationPredicate, VerbForms>;
  events: Record<EventType, EventHeadlines>;
  /** How lists of names are joined: "A, B and C". */
  list: { separator: string; last: string };
  time: {
    months: string[];
    /** EDTF seasons 21–24. */
    seasons: Record<string, string>;
    /** `{day} {month} {year}`, `{month} {year}`, `{season} {year}`, `the {decade}s`, `the {century} century`. */
    day: string;
    month: string;
    season: string;
    decade: string;
    century: string;
    /** A single time after a verb: `on {time}` for a day, `in {time}` otherwise. */
    onDay: string;
    inPeriod: string;
    /** Intervals: closed, open-ended after a current fact, open-ended after a past one, open-started. */
    closed: string;
    since: string;
    from: string;
    until: string;
  };
}

const verbs = (
  present: string,
  presentNegated: string,
  past: string,
  pastNegated: string,
  perfect: string,
  perfectNegated: string,
): VerbForms => ({
  present,
  presentNegated,
  past,
  pastNegated,
  perfect,
  perfectNegated,
});

/** Headlines of an event whose parties act together ("held exercises", "signed an agreement"). */
const shared = (verb: string, at: string, noun: string, nounAt: string): EventHeadlines => ({
  solo: `{parties} ${verb}`,
  soloAt: `{parties} ${at}`,
  joint: `{parties} ${verb}`,
  jointAt: `{parties} ${at}`,
  none: noun,
  noneAt: nounAt,
});

/**
 * Headlines of an event one party makes (a visit, a delegation, a statement) whose other parties' roles the text does
 * not give: several parties are "involved".
 */
const directed = (verb: string, at: string, noun: string, nounAt: string): EventHeadlines => ({
  solo: `{parties} ${verb}`,
  soloAt: `{parties} ${at}`,
  joint: `${noun} involving {parties}`,
  jointAt: `${nounAt} involving {parties}`,
  none: noun,
  noneAt: nounAt,
});

/**
 * Headlines of an event whose parties' roles are unknown even when there is one (aid given or received, an attack made
 * or suffered).
 */
const neutral = (noun: string, nounAt: string): EventHeadlines => ({
  solo: `${noun} involving {parties}`,
  soloAt: `${nounAt} involving {parties}`,
  joint: `${noun} involving {parties}`,
  jointAt: `${nounAt} involving {parties}`,
  none: noun,
  noneAt: nounAt,
});

export const phraseTable: PhraseTable = {
  relations: {
    borders: verbs('borders', 'does not border', 'bordered', 'did not border', 'has bordered', 'has not bordered'),
    supplies: verbs('supplies', 'does not supply', 'supplied', 'did not supply', 'has supplied', 'has not supplied'),
    interested_in: verbs(
      'is interested in',
      'is not interested in',
      'was interested in',
      'was not interested in',
      'has been interested in',
      'has not been interested in',
    ),
    participates_in: verbs(
      'participates in',
      'does not participate in',
      'participated in',
      'did not participate in',
      'has participated in',
      'has not participated in',
    ),
    leads: verbs('leads', 'does not lead', 'led', 'did not lead', 'has led', 'has not led'),
    member_of: verbs(
      'is a member of',
      'is not a member of',
      'was a member of',
      'was not a member of',
      'has been a member of',
      'has not been a member of',
    ),
    provides_aid_to: verbs(
      'provides aid to',
      'does not provide aid to',
      'provided aid to',
      'did not provide aid to',
      'has provided aid to',
      'has not provided aid to',
    ),
    hosts: verbs('hosts', 'does not host', 'hosted', 'did not host', 'has hosted', 'has not hosted'),
    recognizes: verbs(
      'recognises',
      'does not recognise',
      'recognised',
      'did not recognise',
      'has recognised',
      'has not recognised',
    ),
    opposes: verbs('opposes', 'does not oppose', 'opposed', 'did not oppose', 'has opposed', 'has not opposed'),
  },
  events: {
    visit: directed('made a visit', 'visited {place}', 'A visit', 'A visit to {place}'),
    delegation: directed(
      'sent a delegation',
      'sent a delegation to {place}',
      'A delegation',
      'A delegation to {place}',
    ),
    meeting: {
      ...shared('held a meeting', 'held a meeting in {place}', 'A meeting', 'A meeting in {place}'),
      joint: '{parties} met',
      jointAt: '{parties} met in {place}',
    },
    aid: neutral('Aid', 'Aid to {place}'),
    statement: directed('made a statement', 'made a statement in {place}', 'A statement', 'A statement in {place}'),
    agreement: shared(
      'signed an agreement',
      'signed an agreement in {place}',
      'An agreement',
      'An agreement signed in {place}',
    ),
    exercise: shared('held exercises', 'held exercises in {place}', 'Exercises', 'Exercises in {place}'),
    attack: neutral('An attack', 'An attack in {place}'),
  },
  list: { separator: ', ', last: ' and ' },
  time: {
    months: [
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
    ],
    seasons: { '21': 'spring', '22': 'summer', '23': 'autumn', '24': 'winter' },
    day: '{day} {month} {year}',
    month: '{month} {year}',
    season: '{season} {year}',
    decade: 'the {decade}s',
    century: 'the {century} century',
    onDay: 'on {time}',
    inPeriod: 'in {time}',
    closed: '({from}–{to})',
    since: 'since {from}',
    from: 'from {from}',
    until: 'until {to}',
  },
};

const text = z.string().min(1);
const VerbFormsSchema = z.object({
  present: text,
  presentNegated: text,
  past: text,
  pastNegated: text,
  perfect: text,
  perfectNegated: text,
});
const EventHeadlinesSchema = z.object({
  solo: text,
  soloAt: text,
  joint: text,
  jointAt: text,
  none: text,
  noneAt: text,
});
const byKey = <K extends string, V extends z.ZodType>(keys: readonly K[], value: V) =>
  z.object(Object.fromEntries(keys.map((key) => [key, value])) as Record<K, V>);

/** The table as GET /api/phrases answers it. */
export const PhraseTableSchema = z
  .object({
    relations: byKey(relationPredicates, VerbFormsSchema),
    events: byKey(eventTypes, EventHeadlinesSchema),
    list: z.object({ separator: z.string(), last: z.string() }),
    time: z.object({
      months: z.array(text).length(12),
      seasons: z.record(z.string(), text),
      day: text,
      month: text,
      season: text,
      decade: text,
      century: text,
      onDay: text,
      inPeriod: text,
      closed: text,
      since: text,
      from: text,
      until: text,
    }),
  })
  .meta({ id: 'PhraseTable' });

/**
 * The tense a relation is told in: past when the text places it in the past, perfect when it holds now since a start,
 * present otherwise.
 */
export type RelationTense = 'present' | 'past' | 'perfect';

/** What the phrase functions read of a relation (the stored relation, an export record or a graph edge). */
export interface RelationPhraseInput {
  predicate: RelationPredicate;
  negated: boolean;
  current?: boolean | null;
  valid?: string | null;
}

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

export function relationTense(relation: Pick<RelationPhraseInput, 'current' | 'valid'>): RelationTense {
  if (relation.current === false) return 'past';
  return relation.valid && /^[^/]+\/\.\.$/.test(relation.valid) ? 'perfect' : 'present';
}

/** The relation's verb: "borders", "does not border", "recognised", "has not recognised". */
export function relationVerb(relation: RelationPhraseInput, table: PhraseTable = phraseTable): string {
  const forms = table.relations[relation.predicate];
  if (!forms) return relation.predicate.replace(/_/g, ' ');
  const tense = relationTense(relation);
  return forms[relation.negated ? (`${tense}Negated` as const) : tense];
}

/**
 * An EDTF date (not an interval) as a reader says it: "15 August 2021", "October 2021", "spring 2021", "the 1990s",
 * "the 20th century".
 */
export function describeTime(value: string, table: PhraseTable = phraseTable): string {
  const t = table.time;
  if (/^\d{3}X$/.test(value)) return fill(t.decade, { decade: `${value.slice(0, 3)}0` });
  if (/^\d{2}XX$/.test(value)) {
    const n = Number(value.slice(0, 2)) + 1;
    const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
    return fill(t.century, { century: `${n}${suffix}` });
  }
  const [year = value, month, day] = value.split('-');
  if (month && t.seasons[month]) return fill(t.season, { season: t.seasons[month], year });
  const monthName = month ? t.months[Number(month) - 1] : undefined;
  if (day && monthName) return fill(t.day, { day: String(Number(day)), month: monthName, year });
  if (monthName) return fill(t.month, { month: monthName, year });
  return year;
}

/**
 * When the relation holds, as words after its object: a past fact "in the 1990s", "on 3 May 2001",
 * "(1996–2001)", "from 2015", "until 2001"; a current one "since 2021" or "(2019–2030)"; null when the
 * text gives no time, or gives a current fact only the date it is stated (the label does not repeat it).
 */
export function relationTime(
  relation: Pick<RelationPhraseInput, 'current' | 'valid'>,
  table: PhraseTable = phraseTable,
): string | null {
  const valid = relation.valid;
  if (!valid) return null;
  const t = table.time;
  const past = relation.current === false;
  if (valid.includes('/')) {
    const [from = '..', to = '..'] = valid.split('/');
    if (from === '..') return to === '..' ? null : fill(t.until, { to: describeTime(to, table) });
    if (to === '..') return fill(past ? t.from : t.since, { from: describeTime(from, table) });
    return fill(t.closed, { from: describeTime(from, table), to: describeTime(to, table) });
  }
  if (!past) return null;
  return fill(/^\d{4}-\d{2}-\d{2}$/.test(valid) ? t.onDay : t.inPeriod, { time: describeTime(valid, table) });
}

/**
 * The relation's verb with its time: "does not border", "recognised (1996–2001)", "recognised in the 1990s", "has
 * recognised since 2021".
 */
export function relationLabel(relation: RelationPhraseInput, table: PhraseTable = phraseTable): string {
  const time = relationTime(relation, table);
  return time ? `${relationVerb(relation, table)} ${time}` : relationVerb(relation, table);
}

/** The relation as a sentence without a full stop: "Pakistan recognised the Taliban in the 1990s". */
export function relationSentence(
  subject: string,
  relation: RelationPhraseInput,
  object: string,
  table: PhraseTable = phraseTable,
): string {
  const time = relationTime(relation, table);
  return `${subject} ${relationVerb(relation, table)} ${object}${time ? ` ${time}` : ''}`;
}

/** Names joined as a reader lists them: "A", "A and B", "A, B and C". */
export function listNames(names: readonly string[], table: PhraseTable = phraseTable): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(table.list.separator)}${table.list.last}${names[names.length - 1]}`;
}

export interface EventHeadlineInput {
  type: EventType;
  /** The names of the event's parties, in the order the text gives them. */
  parties: readonly string[];
  /** The name of its place, or null. */
  place: string | null;
}

/**
 * An event's headline in the simple past: "Kazakhstan sent a delegation to Kabul", "Tajikistan and the CSTO held
 * exercises". A party that is also the place is named once, as the place.
 */
export function eventHeadline(event: EventHeadlineInput, table: PhraseTable = phraseTable): string {
  const templates = table.events[event.type];
  const parties = event.parties.filter(
    (name, index, all) => name.length > 0 && all.indexOf(name) === index && name !== event.place,
  );
  if (!templates) return [event.type, listNames(parties, table), event.place ?? ''].filter(Boolean).join(' ');
  const at = event.place ? 'At' : '';
  const form = parties.length === 0 ? 'none' : parties.length === 1 ? 'solo' : 'joint';
  return fill(templates[`${form}${at}` as keyof EventHeadlines], {
    parties: listNames(parties, table),
    place: event.place ?? '',
  });
}
