// Relation labels and event headlines in the UI, written from the phrase table the API serves
// (GET /api/phrases, built in src/model/phrases.ts — the web may import model types only, so it
// fetches the table once and looks forms up in it; the grammar lives in the table). Pages await
// loadPhrases() before they render; until the table has arrived (or if it cannot be fetched) a
// label falls back to the predicate's own words ("not borders").
import { getJson } from './api.js';
import type { EventHeadlineInput, EventHeadlines, PhraseTable, RelationPhraseInput } from '../model/phrases.js';

let table: PhraseTable | null = null;
let loading: Promise<PhraseTable | null> | null = null;

/** Fetches the table once (later calls share the first request); null when it cannot be had. */
export function loadPhrases(): Promise<PhraseTable | null> {
  if (table) return Promise.resolve(table);
  loading ??= getJson<PhraseTable>('/api/phrases').then(
    (served) => (table = served),
    () => {
      loading = null; // try again on the next page
      return null;
    },
  );
  return loading;
}

/** Forgets the fetched table (tests). */
export function forgetPhrases(): void {
  table = null;
  loading = null;
}

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

const describeTime = (t: PhraseTable['time'], value: string): string => {
  if (/^\d{3}X$/.test(value)) return fill(t.decade, { decade: `${value.slice(0, 3)}0` });
  if (/^\d{2}XX$/.test(value)) {
    const n = Number(value.slice(0, 2)) + 1;
    return fill(t.century, {
      century: `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`,
    });
  }
  const [year = value, month, day] = value.split('-');
  if (month && t.seasons[month]) return fill(t.season, { season: t.seasons[month], year });
  const monthName = month ? t.months[Number(month) - 1] : undefined;
  if (day && monthName) return fill(t.day, { day: String(Number(day)), month: monthName, year });
  return monthName ? fill(t.month, { month: monthName, year }) : year;
};

/** The relation's verb in its tense: "does not border", "recognised", "has recognised". */
export function relationVerb(relation: RelationPhraseInput): string {
  const forms = table?.relations[relation.predicate];
  if (!forms) return `${relation.negated ? 'not ' : ''}${relation.predicate.replace(/_/g, ' ')}`;
  const tense =
    relation.current === false
      ? 'past'
      : relation.valid && /^[^/]+\/\.\.$/.test(relation.valid)
        ? 'perfect'
        : 'present';
  return forms[relation.negated ? (`${tense}Negated` as const) : tense];
}

/**
 * When the relation holds, to write after its object: "in the 1990s", "(1996–2001)", "since 2021"; null when no time is
 * shown.
 */
export function relationTime(relation: Pick<RelationPhraseInput, 'current' | 'valid'>): string | null {
  const valid = relation.valid;
  if (!table || !valid) return null;
  const t = table.time;
  if (valid.includes('/')) {
    const [from = '..', to = '..'] = valid.split('/');
    if (from === '..') return to === '..' ? null : fill(t.until, { to: describeTime(t, to) });
    if (to === '..') return fill(relation.current === false ? t.from : t.since, { from: describeTime(t, from) });
    return fill(t.closed, { from: describeTime(t, from), to: describeTime(t, to) });
  }
  if (relation.current !== false) return null;
  return fill(/^\d{4}-\d{2}-\d{2}$/.test(valid) ? t.onDay : t.inPeriod, { time: describeTime(t, valid) });
}

/** The verb with its time: "recognised (1996–2001)" (an edge label). */
export function relationLabel(relation: RelationPhraseInput): string {
  const time = relationTime(relation);
  return time ? `${relationVerb(relation)} ${time}` : relationVerb(relation);
}

/** "Mongolia does not border Kazakhstan", "Qatar hosted the talks in September 2020". */
export function relationSentence(subject: string, relation: RelationPhraseInput, object: string): string {
  const time = relationTime(relation);
  return `${subject} ${relationVerb(relation)} ${object}${time ? ` ${time}` : ''}`;
}

const listNames = (names: string[]): string =>
  names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(table?.list.separator ?? ', ')}` +
      `${table?.list.last ?? ' and '}${names[names.length - 1]}`;

/** "Kazakhstan sent a delegation to Kabul", "Pakistan and Afghanistan met in Doha". */
export function eventHeadline(event: EventHeadlineInput): string {
  const parties = event.parties.filter(
    (name, index, all) => name.length > 0 && all.indexOf(name) === index && name !== event.place,
  );
  const templates = table?.events[event.type];
  if (!templates) return [event.type, listNames(parties), event.place ?? ''].filter(Boolean).join(' ');
  const form = (`${parties.length === 0 ? 'none' : parties.length === 1 ? 'solo' : 'joint'}` +
    `${event.place ? 'At' : ''}`) as keyof EventHeadlines;
  return fill(templates[form], { parties: listNames(parties), place: event.place ?? '' });
}
