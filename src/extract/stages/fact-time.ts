// Fact time (issue 11): when a relation or an event holds, as its clause says it. `valid` is an EDTF
// value or interval taken from a time in the trigger's clause (the times stage's DraftTime values
// of the sentence, the one nearest the trigger), widened by the word before it: "since 2021" and
// "joined … in 2001" open an interval (`2021/..`), "until 2021" and "ceased … in 2019" close one (`../2021`). `current`
// says whether the fact holds at the time of writing:
// - false for past cues: "used to", "formerly", "previously", "no longer", "ceased/stopped to",
//   "had (been)", an interval that ended before the document's date ("until 2021", "1996–2001"),
//   and a past-tense verb with a past time ("recognized … in the 1990s");
// - true for present cues ("now", "currently", "today", "still"), an open interval ("since 2021",
//   "has … since"), a present or perfect verb, and a fact with no time at all: the document's date
//   is never invented (valid stays null) and an undated fact holds at the time of writing.
// A past verb without a time ("Pakistan recognized the Taliban") stays current: nothing says it ended.
// Not the fact's time: a target ("by 2030"), a time of another verb coordinated with the trigger's
// ("fell on 15 August 2021 and does not recognize"), any plain time of a lasting state (`borders`:
// "the border clashes of April 2021"). "stopped short of recognising" is a present denial, not an end.
// For an event, `valid` is its date and `current` means "the text does not put it in a past that
// no longer holds": a dated event in the past is still a fact (current stays true); only a past
// habit or state ("used to hold exercises", "formerly sent aid") is current false; a pluperfect
// ("had visited") is not.
// `eventsAfterDeath` finds events whose date falls after a death date the gazetteer knows for one
// of their parties, for the checks to flag for review.
import type { Event, GazetteerEntry } from '../../model/index.js';
import { edtfBounds, isEdtf } from '../../model/edtf.js';
import type { Analysis } from '../analysis.js';
import {
  endingVerbs,
  intervalClosingWords,
  intervalOpeningWords,
  irregularPastVerbs,
  pastAuxiliaries,
  pastFactAdverbs,
  presentAuxiliaries,
  presentFactAdverbs,
  startingVerbs,
} from '../lexicons.js';
import { TokenKind, type Token } from '../tokenizer.js';
import { clauseAround, type SentenceContext } from './sentence-context.js';
import type { DraftTime } from './times.js';

export interface FactTime {
  /** EDTF value or interval the clause gives the fact, or null. */
  valid: string | null;
  /** Whether the fact holds at the time of writing. */
  current: boolean;
}

export interface RelationTime extends FactTime {
  /**
   * "no longer supplies": the "no" ends the fact rather than denying it; the relation is the past fact, not negated.
   */
  endsNegation: boolean;
  /** "has stopped short of recognising": the fact is denied, now. */
  denies?: boolean;
}

/** How far before a trigger its tense and aspect cues are read ("had long been formally recognized"). */
const cueReachBefore = 8;
/** How far after it ("recognizes the Taliban today"). */
const cueReachAfter = 6;
/** Words before "used to" that make it the passive of "use" ("be used to threaten"). */
const passiveCues = new Set([
  'be',
  'been',
  'being',
  'is',
  'are',
  'was',
  'were',
  'get',
  'got',
  'gets',
  'become',
  'became',
]);
/** Words before a time that make it a target, not the fact's time ("by 2030"). */
const targetWords = new Set(['by']);

/** The time of a relation whose trigger is token k. */
export function relationTime(
  analysis: Analysis,
  context: SentenceContext,
  k: number,
  options: { timeless?: boolean } = {},
): RelationTime {
  const { tokens } = analysis;
  const clause = clauseAround(analysis, context.range, k);
  const cues = readCues(
    tokens,
    Math.max(clause.first, k - cueReachBefore),
    k,
    Math.min(clause.end, k + 1 + cueReachAfter),
  );
  const time = nearestTime(tokens, context.times, clause, k) ?? leadingTime(tokens, context, clause);
  const tense = verbTense(tokens, clause.first, k) ?? clauseTense(tokens, clause.first, k);
  let valid: string | null = null;
  let opened = false;
  let closed = false;
  if (time) {
    // The word before the time, past an article ("since the 1980s").
    const before = tokens[time.firstToken - 1]?.norm === 'the' ? time.firstToken - 2 : time.firstToken - 1;
    const word = before >= clause.first ? (tokens[before] as Token).norm : '';
    // A lasting state ("borders") takes a time only as a bound ("since 1991"): "the border clashes of April 2021" date
    // the clashes.
    if (
      targetWords.has(word) ||
      (options.timeless && !intervalOpeningWords.has(word) && !intervalClosingWords.has(word))
    )
      valid = null;
    else if (time.value.includes('/')) {
      valid = time.value;
      opened = time.value.endsWith('/..');
      closed = !opened;
    } else if (
      intervalOpeningWords.has(word) &&
      !(word === 'from' && hasWordAfter(tokens, time.lastToken, clause.end, 'to'))
    ) {
      valid = `${time.value}/..`;
      opened = true;
    } else if (intervalClosingWords.has(word) || cues.ending) {
      valid = `../${time.value}`;
      closed = true;
    } else if (startingVerbs.has((tokens[k] as Token).norm) || cues.starting) {
      valid = `${time.value}/..`;
      opened = true;
    } else valid = time.value;
  }
  const endsNegation = cues.noLonger;
  if (cues.stopsShort) return { valid, current: true, endsNegation, denies: true };
  if (cues.past) return { valid, current: false, endsNegation };
  if (cues.present || opened) return { valid, current: true, endsNegation };
  if (valid && closed) return { valid, current: !endedBefore(valid, documentDate(analysis)), endsNegation };
  if (valid && tense === 'past') return { valid, current: !endedBefore(valid, documentDate(analysis)), endsNegation };
  return { valid, current: true, endsNegation };
}

/**
 * The time of an event whose trigger is token k and whose date the events stage read: valid is that date; current false
 * only for a past habit or state.
 */
export function eventTime(analysis: Analysis, context: SentenceContext, k: number, date: string | null): FactTime {
  const clause = clauseAround(analysis, context.range, k);
  const cues = readCues(
    analysis.tokens,
    Math.max(clause.first, k - cueReachBefore),
    k,
    Math.min(clause.end, k + 1 + cueReachAfter),
    true,
  );
  return { valid: date, current: !cues.past || cues.present };
}

interface Cues {
  past: boolean;
  present: boolean;
  noLonger: boolean;
  starting: boolean;
  /** A verb that ends the fact ("ceased", "stopped"): its time closes the interval. */
  ending: boolean;
  /** "stopped short of": a denial, not an end. */
  stopsShort: boolean;
}

/** Tense and aspect cues in tokens [from, end) around the trigger at k. */
function readCues(tokens: readonly Token[], from: number, k: number, end: number, forEvent = false): Cues {
  const cues: Cues = {
    past: false,
    present: false,
    noLonger: false,
    starting: false,
    ending: false,
    stopsShort: false,
  };
  for (let j = from; j < end; j++) {
    if (j === k) continue;
    const token = tokens[j] as Token;
    if (token.kind !== TokenKind.Word) continue;
    const norm = token.norm;
    const next = tokens[j + 1]?.norm;
    if (norm === 'no' && next === 'longer') {
      cues.past = true;
      if (j < k) cues.noLonger = true;
    } else if (norm === 'any' && next === 'more' && j > k) cues.past = true;
    else if (norm === 'anymore' && j > k) cues.past = true;
    else if (j < k) {
      // "used to supply", not "be used to threaten".
      if (norm === 'used' && next === 'to') cues.past ||= !passiveCues.has(tokens[j - 1]?.norm ?? '');
      // "had supplied" ends a state; an event told in the pluperfect ("had hosted a delegation") is still a fact.
      else if (norm === 'had' && !token.capitalised) cues.past ||= !forEvent;
      else if (pastFactAdverbs.has(norm)) cues.past = true;
      else if (endingVerbs.has(norm) && next === 'short') cues.stopsShort = true;
      else if (endingVerbs.has(norm)) cues.past = cues.ending = true;
      else if (startingVerbs.has(norm)) cues.starting = true;
    }
    if (presentFactAdverbs.has(norm) && !(norm === 'today' && tokens[j - 1]?.norm === 'until')) cues.present = true;
  }
  return cues;
}

/**
 * The time of the clause nearest the trigger at k, or null; not one that belongs to another verb
 * coordinated with the trigger's ("fell on 15 August 2021 and does not recognize"). Times are few per sentence.
 */
function nearestTime(
  tokens: readonly Token[],
  times: readonly DraftTime[],
  clause: { first: number; end: number },
  k: number,
): DraftTime | null {
  let best: DraftTime | null = null;
  let gap = Infinity;
  for (const time of times) {
    if (time.firstToken < clause.first || time.lastToken >= clause.end) continue;
    if (coordinatedApart(tokens, time, k)) continue;
    const distance = time.firstToken > k ? time.firstToken - k : k - time.lastToken;
    if (distance < gap) {
      gap = distance;
      best = time;
    }
  }
  return best;
}

/** Words that may stand with a time in a sentence-opening phrase of its own ("In the 1990s, when …"). */
const leadingTimeWords = new Set([
  'in',
  'during',
  'the',
  'throughout',
  'early',
  'late',
  'by',
  'until',
  'since',
  'from',
  'after',
  'before',
]);

/**
 * A time that is the whole first clause of the sentence, before the trigger's clause: "In the 1990s, when the
 * Taliban held Kabul, Russia backed …" dates "backed". Not a time before a clause that "and"/"but" opens.
 */
function leadingTime(
  tokens: readonly Token[],
  context: SentenceContext,
  clause: { first: number; end: number },
): DraftTime | null {
  const first = context.range.first;
  if (clause.first <= first || ['and', 'but', 'yet', 'so'].includes(tokens[clause.first]?.norm ?? '')) return null;
  const time = context.times.find((candidate) => candidate.firstToken >= first && candidate.firstToken <= first + 2);
  if (!time) return null;
  for (let j = first; j < clause.first; j++) {
    if (j >= time.firstToken && j <= time.lastToken) continue;
    const token = tokens[j] as Token;
    if (token.raw !== ',' && !leadingTimeWords.has(token.norm)) return null;
  }
  return time;
}

/** Whether "and"/"but" and an auxiliary stand between a time and the trigger at k: the time dates the other verb. */
function coordinatedApart(tokens: readonly Token[], time: DraftTime, k: number): boolean {
  const [from, to] = time.lastToken < k ? [time.lastToken + 1, k] : [k + 1, time.firstToken];
  for (let j = from; j < to; j++) {
    const norm = (tokens[j] as Token).norm;
    if ((norm === 'and' || norm === 'but') && coordinatedAuxiliaries.has(tokens[j + 1]?.norm ?? '')) return true;
  }
  return false;
}

const coordinatedAuxiliaries = new Set([
  ...presentAuxiliaries,
  ...pastAuxiliaries,
  'will',
  'would',
  'still',
  'now',
  'currently',
]);

function hasWordAfter(tokens: readonly Token[], from: number, end: number, word: string): boolean {
  for (let j = from + 1; j < end && j <= from + 3; j++) if ((tokens[j] as Token).norm === word) return true;
  return false;
}

/**
 * The tense of the verb phrase ending at (or governing) the trigger at k: an auxiliary before it decides
 * ("has supplied" present, "did not recognize" past); else a past form at or just before it ("recognized",
 * "sold", "provided aid"). Null when nothing says.
 */
export function verbTense(tokens: readonly Token[], floor: number, k: number): 'past' | 'present' | null {
  for (let j = k - 1; j >= floor && j >= k - 4; j--) {
    const token = tokens[j] as Token;
    if (token.kind !== TokenKind.Word) {
      if (token.norm === "'") continue;
      break;
    }
    // "doesn't", "didn't": the auxiliary before its "n't".
    const norm = token.norm.endsWith('n') && tokens[j + 1]?.norm === "'" ? token.norm.slice(0, -1) : token.norm;
    if (presentAuxiliaries.has(norm)) return 'present';
    if (pastAuxiliaries.has(norm)) return 'past';
    // A name ends the verb phrase ("Pakistan recognized"); other words may stand between ("has long provided
    // humanitarian aid").
    if (token.capitalised) break;
  }
  for (let j = k; j >= floor && j >= k - 2; j--) {
    const token = tokens[j] as Token;
    if (token.kind !== TokenKind.Word || token.capitalised) continue;
    if (isPastForm(token.norm)) return 'past';
  }
  return null;
}

/**
 * The tense a clause's copula or auxiliary gives a trigger with none of its own ("In the 1990s Islamabad was one of
 * three capitals to recognize …").
 */
function clauseTense(tokens: readonly Token[], floor: number, k: number): 'past' | 'present' | null {
  for (let j = k - 1; j >= floor; j--) {
    const norm = (tokens[j] as Token).norm;
    if (norm === 'was' || norm === 'were' || norm === 'did') return 'past';
    if (norm === 'is' || norm === 'are' || norm === 'does' || norm === 'has' || norm === 'have') return 'present';
  }
  return null;
}

const isPastForm = (norm: string): boolean =>
  irregularPastVerbs.has(norm) || (norm.length > 4 && norm.endsWith('ed') && !norm.endsWith('eed'));

/** The document's date (publication, else "as of"), or null. */
function documentDate(analysis: Analysis): string | null {
  const { published, asOf } = analysis.document.metadata;
  if (published && isEdtf(published)) return published;
  if (asOf && isEdtf(asOf)) return asOf;
  return null;
}

/** Whether `valid` ended before the document's date; without a date, a closed or past time has ended. */
function endedBefore(valid: string, date: string | null): boolean {
  const { latest } = edtfBounds(valid);
  if (latest === null) return false;
  if (!date) return true;
  const { earliest } = edtfBounds(date);
  return earliest === null || latest < earliest;
}

/** A person's death date as the gazetteer carries it (`died`, EDTF). */
type PersonEntry = Pick<GazetteerEntry, 'id' | 'type'> & { died?: string | null | undefined };

export interface EventAfterDeath {
  /** Index of the event in `extraction.events`. */
  index: number;
  event: Event;
  /** The party who had died by then. */
  person: string;
  died: string;
}

/**
 * Events with a party who, by the gazetteer, had died before the event's date (`valid`, else `date`):
 * "a person killed in 2020 appears as a party to a 2022 attack". Only wholly later dates count (an
 * event in 2020 of a person who died in 2020 is not flagged). Reads `died` from the people entries;
 * entries without it are never flagged.
 */
export function eventsAfterDeath(
  extraction: { events: readonly Event[] },
  reference: { gazetteer: readonly PersonEntry[] },
): EventAfterDeath[] {
  const deaths = new Map<string, string>();
  for (const entry of reference.gazetteer)
    if (entry.type === 'person' && entry.died && isEdtf(entry.died)) deaths.set(entry.id, entry.died);
  const found: EventAfterDeath[] = [];
  if (deaths.size === 0) return found;
  extraction.events.forEach((event, index) => {
    const when = event.valid ?? event.date;
    if (!when) return;
    const { earliest } = edtfBounds(when);
    if (earliest === null) return;
    for (const actor of event.actors) {
      const died = deaths.get(actor);
      if (!died) continue;
      const { latest } = edtfBounds(died);
      if (latest !== null && earliest > latest) found.push({ index, event, person: actor, died });
    }
  });
  return found;
}
