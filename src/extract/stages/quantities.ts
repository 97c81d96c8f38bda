// Stage: quantities. Numbers (digits or words, with million/billion scales) and their units —
// km, miles, bcm / billion cubic meters, tons, MW/GW, dollars ($, USD), percent — shares ("half",
// "a third of", "two-thirds", "a quarter") and counted things ("5,000 refugees"). Numbers that are
// times or inside names are skipped.
import type { Quantity } from '../../model/index.js';
import type { Analysis } from '../analysis.js';

export interface QuantityContext {
  /** Tokens that begin a plural country demonym ("Afghans"). */
  demonymTokens: ReadonlySet<number>;
}
import { functionWords, numberWords, scaleWords } from '../lexicons.js';
import { groupingCommas } from '../patterns.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';

interface UnitRule {
  unit: string;
  factor: number;
}

/** Unit words (normalised) → canonical unit and factor. */
const units: ReadonlyMap<string, UnitRule> = new Map([
  ['km', { unit: 'km', factor: 1 }], ['kilometer', { unit: 'km', factor: 1 }], ['kilometers', { unit: 'km', factor: 1 }],
  ['kilometre', { unit: 'km', factor: 1 }], ['kilometres', { unit: 'km', factor: 1 }], ['mile', { unit: 'mi', factor: 1 }],
  ['miles', { unit: 'mi', factor: 1 }], ['bcm', { unit: 'bcm', factor: 1 }], ['tons', { unit: 't', factor: 1 }],
  ['ton', { unit: 't', factor: 1 }], ['tonnes', { unit: 't', factor: 1 }], ['tonne', { unit: 't', factor: 1 }],
  ['mw', { unit: 'MW', factor: 1 }], ['megawatt', { unit: 'MW', factor: 1 }], ['megawatts', { unit: 'MW', factor: 1 }],
  ['gw', { unit: 'MW', factor: 1000 }], ['gigawatt', { unit: 'MW', factor: 1000 }], ['gigawatts', { unit: 'MW', factor: 1000 }],
  ['kwh', { unit: 'kWh', factor: 1 }], ['dollars', { unit: 'USD', factor: 1 }], ['dollar', { unit: 'USD', factor: 1 }],
  ['usd', { unit: 'USD', factor: 1 }], ['percent', { unit: 'percent', factor: 1 }], ['%', { unit: 'percent', factor: 1 }],
  ['hectares', { unit: 'ha', factor: 1 }], ['kv', { unit: 'kV', factor: 1 }], ['kilovolt', { unit: 'kV', factor: 1 }],
  ['kilovolts', { unit: 'kV', factor: 1 }], ['barrels', { unit: 'bbl', factor: 1 }],
]);

const shareFractions: ReadonlyMap<string, number> = new Map([
  ['half', 1 / 2], ['third', 1 / 3], ['thirds', 1 / 3], ['quarter', 1 / 4], ['quarters', 1 / 4], ['fifth', 1 / 5], ['fifths', 1 / 5],
  ['tenth', 1 / 10], ['tenths', 1 / 10],
]);

/**
 * Nouns that count persons: whatever the noun, a count of persons has the unit "people"
 * ("59 soldiers", "five diplomats", "5,000 evacuees").
 */
const personNouns = new Set(
  `people persons individuals soldiers troops diplomats refugees migrants evacuees civilians students pupils girls women
  children men workers officials staff employees fighters militants members delegates envoys ambassadors journalists
  doctors nurses teachers asylum-seekers seekers returnees deportees detainees prisoners pilgrims scholars clerics
  interpreters translators contractors volunteers residents citizens nationals survivors victims casualties patients
  passengers police policemen officers guards personnel hostages captives contributors families households deaths
  dead wounded injured fighters insurgents recruits servicemen servicewomen veterans minors orphans widows infants
  babies adults boys labourers laborers farmers traders merchants businessmen athletes artists judges lawyers
  activists ministers engineers specialists experts advisers advisors trainers trainees instructors apprentices
  allies partners evacuee`.split(/\s+/).filter((word) => word.length > 0),
);

/**
 * Words that may stand between a number and the person noun it counts: "13 American troops", "390
 * special contributors", "two Afghan aid workers". Besides demonyms (country mentions) these are
 * lowercase adjectives and noun modifiers; at most two of them.
 */
const personModifiers = new Set(
  `special local foreign international former serving senior junior young old elderly female male aid relief medical
  military civilian afghan-born unaccompanied vulnerable eligible registered undocumented displaced resettled evacuated
  additional more further other new skilled unskilled humanitarian security government national coalition allied
  army police health education embassy`.split(/\s+/).filter((word) => word.length > 0),
);

const ordinalBeforeHalf = new Set(['first', 'second', 'latter', 'former', 'other', 'next', 'last']);

export function findQuantities(base: Analysis, blocked: Uint8Array, context: QuantityContext): Quantity[] {
  const analysis = { ...base, ...context };
  const { tokens, text } = analysis;
  const quantities: Quantity[] = [];
  const push = (first: number, last: number, value: number, unit: string): void => {
    const start = (tokens[first] as Token).start;
    const end = (tokens[last] as Token).end;
    if (!Number.isFinite(value)) return;
    quantities.push({ start, end, text: text.slice(start, end), value, unit });
  };
  for (const range of analysis.sentences) {
    for (let k = range.first; k < range.end; k++) {
      if (isBlocked(blocked, k)) continue;
      const token = tokens[k] as Token;
      // Shares.
      const share = token.kind === TokenKind.Word ? readShare(tokens, k, range.first, range.end) : null;
      if (share) {
        push(share.first, share.last, share.value, 'share');
        k = share.last;
        continue;
      }
      // "$1.2 billion", "US$ 300 million".
      const currency = token.raw === '$' ? k : -1;
      const numberAt = currency >= 0 ? k + 1 : k;
      const amount = readNumber(tokens, numberAt, range.end, blocked, (j) => personNounAfter(analysis, j, range.end) >= 0);
      if (!amount) continue;
      let value = amount.value;
      const last = amount.last;
      if (currency >= 0) {
        push(k, last, value, 'USD');
        k = last;
        continue;
      }
      let next = tokens[last + 1];
      let unitIndex = last + 1;
      if (next && isJoiner(next) && !next.spaceBefore && tokens[last + 2]) {
        unitIndex = last + 2;
        next = tokens[unitIndex];
      }
      if (!next || next.newlineBefore) continue;
      if (next.norm === 'cubic' && (tokens[unitIndex + 1]?.norm ?? '').startsWith('met')) {
        // "10 billion cubic meters" → 10 bcm.
        push(amount.first, unitIndex + 1, amount.scale === 1e9 ? amount.base : value / 1e9, 'bcm');
        k = unitIndex + 1;
        continue;
      }
      if (next.norm === 'per' && tokens[unitIndex + 1]?.norm === 'cent') {
        push(amount.first, unitIndex + 1, value, 'percent');
        k = unitIndex + 1;
        continue;
      }
      const unit = units.get(next.norm) ?? (next.raw === 'MW' ? units.get('mw') : undefined);
      if (unit) {
        value *= unit.factor;
        push(amount.first, unitIndex, value, unit.unit);
        k = unitIndex;
        continue;
      }
      // People: "100 people", "13 American troops", "390 special contributors" (up to two
      // modifiers before the person noun) and "170 Afghans" (a plural demonym alone counts people).
      // A country mention inside the span stays a mention: quantities are a separate layer.
      const personNoun = personNounAfter(analysis, unitIndex, range.end);
      if (personNoun >= 0) {
        push(amount.first, personNoun, value, 'people');
        k = personNoun;
        continue;
      }
      if (analysis.demonymTokens.has(unitIndex) && next.norm.endsWith('s') && (amount.digits || amount.scale > 1)) {
        push(amount.first, unitIndex, value, 'people');
        k = unitIndex;
        continue;
      }
      // Counted things: "5,000 refugees", "one million people".
      if (next.kind === TokenKind.Word && !next.capitalised && !functionWords.has(next.norm) && next.norm.length > 2 && next.norm.endsWith('s') && (amount.digits || amount.scale > 1)) {
        push(amount.first, unitIndex, value, next.norm);
        k = unitIndex;
        continue;
      }
      if (amount.scale > 1 && amount.digits) {
        push(amount.first, amount.last, value, 'count');
      }
      k = last;
    }
  }
  return quantities;
}

/** The token of the person noun a count starts at `k` names ("troops" in "American troops"), or -1. */
function personNounAfter(analysis: Analysis & QuantityContext, k: number, end: number): number {
  const { tokens } = analysis;
  for (let j = k; j < end && j <= k + 2; j++) {
    const token = tokens[j] as Token;
    if (token.kind !== TokenKind.Word || (j > k && token.newlineBefore)) return -1;
    if (personNouns.has(token.norm) && (j === k || !token.capitalised)) {
      // "two staff members", "five aid workers": a compound person noun ends at its last noun.
      const after = tokens[j + 1];
      return after && j + 1 < end && after.kind === TokenKind.Word && !after.capitalised && !after.newlineBefore && personNouns.has(after.norm) ? j + 1 : j;
    }
    // A demonym ("American"), or the second word of one ("South Korean").
    const demonym = (analysis.demonymTokens.has(j) || (j > k && analysis.demonymTokens.has(j - 1) && token.capitalised)) && !token.norm.endsWith('s');
    const modifier = (personModifiers.has(token.norm) && !token.capitalised) || demonym;
    if (!modifier) return -1;
  }
  return -1;
}

interface ReadNumber {
  first: number;
  last: number;
  value: number;
  base: number;
  scale: number;
  digits: boolean;
}

function readNumber(tokens: readonly Token[], k: number, end: number, blocked: Uint8Array, countsPeople: (k: number) => boolean): ReadNumber | null {
  const token = tokens[k];
  if (!token || k >= end || isBlocked(blocked, k)) return null;
  let base: number | null = null;
  let digits = false;
  let last = k;
  if (token.kind === TokenKind.Number) {
    const previous = tokens[k - 1];
    // "CASA-1000", "Strategy 2050" are names; those are blocked by the mentions. Skip numbers glued to words.
    if (previous && isJoiner(previous) && !token.spaceBefore && tokens[k - 2]?.kind === TokenKind.Word) return null;
    base = Number(token.raw.replace(groupingCommas, ''));
    digits = true;
  } else if (token.kind === TokenKind.Word && (token.norm === 'a' || token.norm === 'an')) {
    // "a thousand people", "a million dollars": the article counts one of the scale word after it.
    const scaleToken = tokens[k + 1];
    if (!scaleToken || k + 1 >= end || isBlocked(blocked, k + 1) || scaleToken.norm === 'dozen' || !scaleWords.has(scaleToken.norm)) return null;
    base = 1;
  } else if (token.kind === TokenKind.Word) {
    const word = numberWords.get(token.norm);
    if (word === undefined) return null;
    base = word;
    // "twenty-five", "two hundred"
    const joiner = tokens[k + 1];
    const unitWord = tokens[k + 2];
    if (joiner && isJoiner(joiner) && unitWord && numberWords.has(unitWord.norm) && (numberWords.get(unitWord.norm) ?? 0) < 10) {
      base += numberWords.get(unitWord.norm) ?? 0;
      last = k + 2;
    }
  }
  if (base === null || Number.isNaN(base)) return null;
  let scale = 1;
  const scaleToken = tokens[last + 1];
  if (scaleToken && last + 1 < end && !isBlocked(blocked, last + 1)) {
    const factor = scaleWords.get(scaleToken.norm);
    if (factor !== undefined) {
      scale = factor;
      last++;
    }
  }
  if (!digits && scale === 1) {
    // A bare number word counts only with a unit or persons: "three kilometers", "five diplomats".
    const next = tokens[last + 1];
    if (!next || !(units.has(next.norm) || (countsPeople(last + 1) && !(next.capitalised && personNouns.has(next.norm))))) return null;
  }
  return { first: k, last, value: base * scale, base, scale, digits };
}

function readShare(tokens: readonly Token[], k: number, floor: number, end: number): { first: number; last: number; value: number } | null {
  const token = tokens[k] as Token;
  if (token.norm === 'half') {
    const previous = tokens[k - 1];
    if (previous && k - 1 >= floor && ordinalBeforeHalf.has(previous.norm)) return null;
    const next = tokens[k + 1];
    if (next && isJoiner(next)) return null;
    if (previous && isJoiner(previous) && !token.spaceBefore) return null;
    if (previous?.norm === 'one' && k - 1 >= floor) return { first: k - 1, last: k, value: 0.5 };
    return { first: k, last: k, value: 0.5 };
  }
  // "a third of", "one-third", "two-thirds", "three quarters".
  const count = token.norm === 'a' || token.norm === 'an' ? 1 : numberWords.get(token.norm);
  if (count === undefined || count > 10) return null;
  let j = k + 1;
  if (j < end && isJoiner(tokens[j] as Token)) j++;
  const fractionToken = tokens[j];
  if (!fractionToken || j >= end) return null;
  const fraction = shareFractions.get(fractionToken.norm);
  if (fraction === undefined || fractionToken.norm === 'half') return null;
  const plural = fractionToken.norm.endsWith('s');
  if (plural !== count > 1) return null;
  // "a third country" is an ordinal; a share is followed by "of" (or stands alone after a joiner).
  const after = tokens[j + 1];
  if (!(after?.norm === 'of' || j > k + 1)) return null;
  return { first: k, last: j, value: count * fraction };
}

const isBlocked = (blocked: Uint8Array, k: number): boolean => blocked[k] === 1;
