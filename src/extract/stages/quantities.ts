// Stage: quantities. Numbers (digits or words, with scales: million/mn, billion/bn, trillion/tn,
// thousand, lakh, crore; "m", "b", "k" glued after a currency: "$5m") and their units — km, mi, bcm / billion cubic
// meters, t, MW/GW, kV, kWh,
// ha, bbl —, money in ISO 4217 codes ("$1.2 billion", "5 million Pakistani rupees": see
// quantities-currency.ts), shares as fractions of one ("17%" → 0.17, "half", "two-thirds", "one in
// five": see quantities-shares.ts), counts of people ("13 American troops") and counted things
// ("12 trucks"). Adjectival forms read as the plain ones ("a 462-mi pipeline", "a $1.2-billion
// deal", "a 500-megawatt plant"). Numbers that are times or inside names are skipped ("COVID-19",
// "F-16", "Resolution 2593"), as are ordinals, decades ("the 1990s"), durations ("15 days"),
// vague multiples ("several hundred") and numbers with no unit.
import type { Quantity } from '../../model/index.js';
import type { Analysis, SentenceRange } from '../analysis.js';
import { functionWords, numberWords, scaleWords } from '../lexicons.js';
import { groupingCommas } from '../patterns.js';
import type { ExtractionStage } from '../stage.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';
import {
  currencyContext,
  isCurrencySymbol,
  readCurrencyAfter,
  readCurrencyPrefix,
  type CurrencyContext,
} from './quantities-currency.js';
import { isPercentSuffix, percentEnd, readShare } from './quantities-shares.js';

export interface QuantityContext {
  /** Tokens that begin a plural country demonym ("Afghans"). */
  demonymTokens: ReadonlySet<number>;
}

interface UnitRule {
  unit: string;
  factor: number;
}

const km: UnitRule = { unit: 'km', factor: 1 };
const mi: UnitRule = { unit: 'mi', factor: 1 };
const tonne: UnitRule = { unit: 't', factor: 1 };
const megawatt: UnitRule = { unit: 'MW', factor: 1 };
const gigawatt: UnitRule = { unit: 'MW', factor: 1000 };
const kilovolt: UnitRule = { unit: 'kV', factor: 1 };

/** Unit words (normalised, also as glued suffixes: "300km", "500MW") → canonical unit and factor. */
const units: ReadonlyMap<string, UnitRule> = new Map([
  ['km', km],
  ['kms', km],
  ['kilometer', km],
  ['kilometers', km],
  ['kilometre', km],
  ['kilometres', km],
  ['mi', mi],
  ['mile', mi],
  ['miles', mi],
  ['bcm', { unit: 'bcm', factor: 1 }],
  ['tons', tonne],
  ['ton', tonne],
  ['tonnes', tonne],
  ['tonne', tonne],
  ['mw', megawatt],
  ['megawatt', megawatt],
  ['megawatts', megawatt],
  ['gw', gigawatt],
  ['gigawatt', gigawatt],
  ['gigawatts', gigawatt],
  ['kwh', { unit: 'kWh', factor: 1 }],
  ['mwh', { unit: 'kWh', factor: 1e3 }],
  ['gwh', { unit: 'kWh', factor: 1e6 }],
  ['twh', { unit: 'kWh', factor: 1e9 }],
  ['hectares', { unit: 'ha', factor: 1 }],
  ['hectare', { unit: 'ha', factor: 1 }],
  ['kv', kilovolt],
  ['kilovolt', kilovolt],
  ['kilovolts', kilovolt],
  ['barrels', { unit: 'bbl', factor: 1 }],
  ['barrel', { unit: 'bbl', factor: 1 }],
]);

/** Power written before "-hours" ("2.4 billion kilowatt-hours") → kWh per unit. */
const energyPrefixes: ReadonlyMap<string, number> = new Map([
  ['kilowatt', 1],
  ['megawatt', 1e3],
  ['gigawatt', 1e6],
  ['terawatt', 1e9],
]);

/** Scale words the shared lexicon lacks: South Asian lakh and crore, "tn". */
const extraScales: ReadonlyMap<string, number> = new Map([
  ['lakh', 1e5],
  ['lakhs', 1e5],
  ['crore', 1e7],
  ['crores', 1e7],
  ['tn', 1e12],
  ['trn', 1e12],
]);
/** Scales glued to digits anywhere ("5bn"), and those glued only after a currency ("$5m", "€2.5b", "$50k"). */
const gluedScales: ReadonlyMap<string, number> = new Map([
  ['bn', 1e9],
  ['mn', 1e6],
  ['mln', 1e6],
  ['bln', 1e9],
  ['tn', 1e12],
  ['trn', 1e12],
]);
const gluedCurrencyScales: ReadonlyMap<string, number> = new Map([
  ['m', 1e6],
  ['b', 1e9],
  ['k', 1e3],
]);
const scaleOf = (norm: string): number | undefined => scaleWords.get(norm) ?? extraScales.get(norm);

/** Plural units of time: "15 days" is a duration, not a count of things. */
const durationUnits = new Set([
  'seconds',
  'minutes',
  'hours',
  'days',
  'weeks',
  'months',
  'years',
  'decades',
  'centuries',
]);

/** Words before "hundred"/"dozen" that make it vague ("several hundred militants"): no count. */
const vagueMultipliers = new Set(['several', 'few', 'many', 'some']);

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
  allies partners evacuee`
    .split(/\s+/)
    .filter((word) => word.length > 0),
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
  army police health education embassy`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/** A quantity read: its tokens, its value and its unit. */
interface Measure {
  first: number;
  last: number;
  value: number;
  unit: string;
}

/** What a reading at a token found: the quantity (none when it measures nothing) and the last token it read. */
interface QuantityReading {
  measure: Measure | undefined;
  last: number;
}

/** The sentence and document a quantity is read in. */
interface QuantityScan {
  analysis: Analysis & QuantityContext;
  range: SentenceRange;
  blocked: Uint8Array;
  currencies: CurrencyContext;
  /** A unit, percent, currency or persons stand at `j` (a bare number word counts only then). */
  measured: (j: number) => boolean;
}

export function findQuantities(base: Analysis, blocked: Uint8Array, context: QuantityContext): Quantity[] {
  const analysis = { ...base, ...context };
  const { tokens, text } = analysis;
  const currencies = currencyContext(tokens, analysis.actorCountry);
  const quantities: Quantity[] = [];
  const push = ({ first, last, value, unit }: Measure): void => {
    const start = (tokens[first] as Token).start;
    const end = (tokens[last] as Token).end;
    if (!Number.isFinite(value)) return;
    quantities.push({ start, end, text: text.slice(start, end), value, unit });
  };
  // A bare number word counts only with a unit, a percent, a currency or persons after it ("three kilometers", "five
  // diplomats").
  let sentenceEnd = 0;
  const measured = (j: number): boolean => {
    const next = tokens[j];
    if (!next || j >= sentenceEnd) return false;
    if (
      units.has(next.norm) ||
      percentEnd(tokens, j, sentenceEnd, false) >= 0 ||
      readCurrencyAfter(tokens, j, sentenceEnd, currencies, false)
    )
      return true;
    return personNounAfter(analysis, j, sentenceEnd) >= 0 && !(next.capitalised && personNouns.has(next.norm));
  };
  for (const range of analysis.sentences) {
    sentenceEnd = range.end;
    const scan: QuantityScan = { analysis, range, blocked, currencies, measured };
    for (let k = range.first; k < range.end; k++) {
      if (isBlocked(blocked, k)) continue;
      const token = tokens[k] as Token;
      if (
        token.kind === TokenKind.Punct
          ? !isCurrencySymbol(token.raw)
          : token.kind === TokenKind.Word && !mayStartQuantity(token)
      )
        continue;
      const reading = readQuantityAt(scan, k);
      if (!reading) continue;
      if (reading.measure) push(reading.measure);
      k = reading.last;
    }
  }
  return quantities;
}

/** The quantity starting at token `k`: a share, an amount with a currency before it, or an amount and its unit. */
function readQuantityAt(scan: QuantityScan, k: number): QuantityReading | undefined {
  const { analysis, range, blocked, currencies } = scan;
  const { tokens } = analysis;
  const token = tokens[k] as Token;
  // Shares: "half", "a third of", "one in five".
  const share = token.kind === TokenKind.Punct ? null : readShare(tokens, k, range.first, range.end, blocked);
  if (share)
    return { measure: { first: share.first, last: share.last, value: share.value, unit: 'share' }, last: share.last };
  // Money with the currency first: "$1.2 billion", "US$ 300 million", "€5m", "Rs 500 crore".
  const prefix =
    token.kind === TokenKind.Number ? null : readCurrencyPrefix(tokens, k, range.first, range.end, currencies);
  const amount = readNumber(tokens, prefix ? prefix.numberAt : k, range.end, blocked, scan.measured, prefix !== null);
  if (!amount) return undefined;
  const { first, last, value } = amount;
  if (prefix) return { measure: { first: prefix.first, last, value, unit: prefix.code }, last };
  if (amount.gluedUnit !== null) {
    // "17pc", "300km", "500MW"
    const unit = units.get(amount.gluedUnit);
    if (unit) return { measure: { first, last, value: rounded(value * unit.factor), unit: unit.unit }, last };
    if (isPercentSuffix(amount.gluedUnit))
      return { measure: { first, last, value: rounded(value / 100), unit: 'share' }, last };
    return { measure: undefined, last };
  }
  let next = tokens[last + 1];
  let unitIndex = last + 1;
  if (next && isJoiner(next) && !next.spaceBefore && tokens[last + 2]) {
    unitIndex = last + 2;
    next = tokens[unitIndex];
  }
  if (!next || next.newlineBefore) return undefined;
  const measure = unitMeasure(scan, amount, unitIndex, next) ?? countMeasure(scan, amount, unitIndex, next);
  if (measure) return { measure, last: measure.last };
  return { measure: amount.scale > 1 && amount.digits ? { first, last, value, unit: 'count' } : undefined, last };
}

/** An amount's unit of measure after it (at `unitIndex`): a percent, a volume, energy, a weight, money, a unit. */
function unitMeasure(scan: QuantityScan, amount: ReadNumber, unitIndex: number, next: Token): Measure | undefined {
  const { range } = scan;
  const { tokens } = scan.analysis;
  const { first, value } = amount;
  // "17%", "17 percent", "17 per cent", "17.5 pc", "a 40-percent rise" → 0.17 share.
  const percentLast = percentEnd(tokens, unitIndex, range.end, amount.digits);
  if (percentLast >= 0) return { first, last: percentLast, value: rounded(value / 100), unit: 'share' };
  if (next.norm === 'cubic' && (tokens[unitIndex + 1]?.norm ?? '').startsWith('met')) {
    // "10 billion cubic meters" → 10 bcm.
    const bcm = amount.scale === 1e9 ? amount.base : rounded(value / 1e9);
    return { first, last: unitIndex + 1, value: bcm, unit: 'bcm' };
  }
  // "2.4 billion kilowatt-hours"
  const energy = energyPrefixes.get(next.norm);
  const hours = tokens[unitIndex + 2];
  if (
    energy !== undefined &&
    hours &&
    unitIndex + 2 < range.end &&
    isJoiner(tokens[unitIndex + 1] as Token) &&
    (hours.norm === 'hours' || hours.norm === 'hour')
  )
    return { first, last: unitIndex + 2, value: rounded(value * energy), unit: 'kWh' };
  // "a 500-pound bomb" weighs; "500 pounds" is money (below).
  if (unitIndex === amount.last + 2 && next.norm === 'pound') return { first, last: unitIndex, value, unit: 'lb' };
  // Money with the currency after: "1.2 billion dollars", "5 million Pakistani rupees", "300 million AFN".
  const money = readCurrencyAfter(tokens, unitIndex, range.end, scan.currencies, amount.scale > 1);
  if (money) return { first, last: money.last, value: rounded(value * money.factor), unit: money.code };
  // "2 million metric tons"
  const metric =
    next.norm === 'metric' && unitIndex + 1 < range.end ? units.get(tokens[unitIndex + 1]?.norm ?? '') : undefined;
  const unit = metric ?? units.get(next.norm) ?? (next.raw === 'MW' ? units.get('mw') : undefined);
  if (unit)
    return { first, last: metric ? unitIndex + 1 : unitIndex, value: rounded(value * unit.factor), unit: unit.unit };
  return undefined;
}

/** What an amount counts (at `unitIndex`): people, or counted things ("5,000 refugees", "12 trucks"). */
function countMeasure(scan: QuantityScan, amount: ReadNumber, unitIndex: number, next: Token): Measure | undefined {
  const { analysis, range } = scan;
  const { first, value } = amount;
  // People: "100 people", "13 American troops", "390 special contributors" (up to two
  // modifiers before the person noun) and "170 Afghans" (a plural demonym alone counts people).
  // A country mention inside the span stays a mention: quantities are a separate layer.
  const personNoun = personNounAfter(analysis, unitIndex, range.end);
  if (personNoun >= 0) return { first, last: personNoun, value, unit: 'people' };
  const demonym = amount.digits || amount.scale > 1 ? pluralDemonymAfter(analysis, unitIndex, range.end) : -1;
  if (demonym >= 0) return { first, last: demonym, value, unit: 'people' };
  // Counted things: "5,000 refugees", "12 trucks"; durations ("15 days", "20 years") are no quantities.
  if (
    next.kind === TokenKind.Word &&
    !next.capitalised &&
    !functionWords.has(next.norm) &&
    !durationUnits.has(next.norm) &&
    next.norm.length > 2 &&
    next.norm.endsWith('s') &&
    (amount.digits || amount.scale > 1)
  )
    return { first, last: unitIndex, value, unit: next.norm };
  return undefined;
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
      return after &&
        j + 1 < end &&
        after.kind === TokenKind.Word &&
        !after.capitalised &&
        !after.newlineBefore &&
        personNouns.has(after.norm)
        ? j + 1
        : j;
    }
    // A plural demonym after modifiers, or of two words, counts people too: "1.7 million undocumented Afghans", "600
    // South Koreans".
    if (
      token.norm.endsWith('s') &&
      ((j > k && analysis.demonymTokens.has(j)) || (j > k && analysis.demonymTokens.has(j - 1) && token.capitalised))
    )
      return j;
    // A demonym ("American"), or the second word of one ("South Korean").
    const demonym =
      (analysis.demonymTokens.has(j) || (j > k && analysis.demonymTokens.has(j - 1) && token.capitalised)) &&
      !token.norm.endsWith('s');
    const modifier = (personModifiers.has(token.norm) && !token.capitalised) || demonym;
    if (!modifier) return -1;
  }
  return -1;
}

/**
 * The token of a plural demonym at `k` or after up to two lowercase words ("170 Afghans", "40
 * stranded Uzbeks"), or -1. Only after digits or a scale: "one day Afghans will" counts nobody.
 */
function pluralDemonymAfter(analysis: Analysis & QuantityContext, k: number, end: number): number {
  const { tokens } = analysis;
  for (let j = k; j < end && j <= k + 2; j++) {
    const token = tokens[j] as Token;
    if (token.kind !== TokenKind.Word || (j > k && token.newlineBefore)) return -1;
    if (analysis.demonymTokens.has(j) && token.norm.endsWith('s')) return j;
    if (token.capitalised || functionWords.has(token.norm) || units.has(token.norm)) return -1;
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
  /** A unit or percent glued to the digits ("300km", "17pc"), normalised; null when none. */
  gluedUnit: string | null;
}

/**
 * The amount starting at `k`: digits ("1,357", "2.5", "5bn", "300km"), a number word ("five",
 * "twenty-five"), "a"/"half a" before a scale ("a million", "half a million"), then scale words
 * ("2 lakh crore", "$1.2-billion"). `measured(j)`: a unit, percent, currency or persons stand at
 * `j` (a bare number word counts only then). `currency`: a currency stands before the amount, so
 * "m", "b" and "k" glued to the digits are scales ("$5m").
 */
function readNumber(
  tokens: readonly Token[],
  k: number,
  end: number,
  blocked: Uint8Array,
  measured: (j: number) => boolean,
  currency: boolean,
): ReadNumber | null {
  const token = tokens[k];
  if (!token || k >= end || isBlocked(blocked, k)) return null;
  if (token.kind === TokenKind.Word && isDigit(token.raw.charCodeAt(0))) return readGluedAmount(tokens, k, currency);
  const digits = token.kind === TokenKind.Number;
  if (digits && gluedToName(tokens, k)) return null;
  const start = digits
    ? { base: Number(token.raw.replace(groupingCommas, '')), last: k }
    : readWordAmount(tokens, k, end, blocked);
  if (!start || Number.isNaN(start.base)) return null;
  const { base } = start;
  const { last, scale } = readScaleWords(tokens, start.last, end, blocked);
  if (!digits && scale === 1 && !measured(last + 1)) return null;
  return { first: k, last, value: scale === 1 ? base : rounded(base * scale), base, scale, digits, gluedUnit: null };
}

/** Digits with letters glued: a scale ("5bn", "$5m"), a unit ("300km") or a percent ("17pc"); not "1990s" or "5th". */
function readGluedAmount(tokens: readonly Token[], k: number, currency: boolean): ReadNumber | null {
  const glued = splitGluedSuffix((tokens[k] as Token).raw);
  if (!glued || gluedToName(tokens, k)) return null;
  let scale = 1;
  let gluedUnit: string | null = null;
  const gluedScale = gluedScales.get(glued.suffix) ?? (currency ? gluedCurrencyScales.get(glued.suffix) : undefined);
  if (gluedScale !== undefined) scale = gluedScale;
  else if (units.has(glued.suffix) || isPercentSuffix(glued.suffix)) gluedUnit = glued.suffix;
  else return null;
  const base = glued.value;
  if (Number.isNaN(base)) return null;
  const value = scale === 1 ? base : rounded(base * scale);
  return { first: k, last: k, value, base, scale, digits: true, gluedUnit };
}

/**
 * An amount in words before any scale word: "a"/"an" or "half a" before a scale ("a million", "half a million"), a
 * number word ("five", "twenty-five"). Its base value and last token, or null.
 */
function readWordAmount(
  tokens: readonly Token[],
  k: number,
  end: number,
  blocked: Uint8Array,
): { base: number; last: number } | null {
  const token = tokens[k] as Token;
  if (token.kind !== TokenKind.Word) return null;
  if (token.norm === 'a' || token.norm === 'an') {
    // "a thousand people", "a million dollars": the article counts one of the scale word after it.
    const scaleToken = tokens[k + 1];
    if (
      !scaleToken ||
      k + 1 >= end ||
      isBlocked(blocked, k + 1) ||
      scaleToken.norm === 'dozen' ||
      scaleOf(scaleToken.norm) === undefined
    )
      return null;
    return { base: 1, last: k };
  }
  if (token.norm === 'half') {
    // "half a million refugees"
    const article = tokens[k + 1];
    if (
      !article ||
      (article.norm !== 'a' && article.norm !== 'an') ||
      k + 2 >= end ||
      scaleOf(tokens[k + 2]?.norm ?? '') === undefined
    )
      return null;
    return { base: 0.5, last: k + 1 };
  }
  const word = numberWords.get(token.norm);
  if (word === undefined) return null;
  // "several hundred militants", "a few dozen": vague, no count.
  if ((token.norm === 'hundred' || token.norm === 'dozen') && vagueMultipliers.has(tokens[k - 1]?.norm ?? ''))
    return null;
  // "twenty-five", "two hundred"
  const joiner = tokens[k + 1];
  const unitWord = tokens[k + 2];
  if (
    joiner &&
    isJoiner(joiner) &&
    unitWord &&
    numberWords.has(unitWord.norm) &&
    (numberWords.get(unitWord.norm) ?? 0) < 10
  )
    return { base: word + (numberWords.get(unitWord.norm) ?? 0), last: k + 2 };
  return { base: word, last: k };
}

/**
 * Scale words after token `from`, at most two and growing ("two hundred thousand", "2 lakh crore"); "$1.2-billion"
 * holds a hyphen. The last token read and the scale (1 when none).
 */
function readScaleWords(
  tokens: readonly Token[],
  from: number,
  end: number,
  blocked: Uint8Array,
): { last: number; scale: number } {
  let last = from;
  let scale = 1;
  for (let round = 0; round < 2; round++) {
    let at = last + 1;
    const joiner = tokens[at];
    if (joiner && isJoiner(joiner) && !joiner.spaceBefore && tokens[at + 1] && !(tokens[at + 1] as Token).spaceBefore)
      at++;
    const scaleToken = tokens[at];
    if (!scaleToken || at >= end || isBlocked(blocked, at)) break;
    const factor = scaleOf(scaleToken.norm);
    if (factor === undefined || (round > 0 && factor <= scale)) break;
    scale = round === 0 ? factor : scale * factor;
    last = at;
  }
  return { last, scale };
}

/**
 * Lowercase words that may begin a quantity ("a thousand", "half", "five"); capitalised words may be codes or prefixes
 * too.
 */
const lowercaseStarts = new Set(['a', 'an', 'half', ...numberWords.keys()]);
const mayStartQuantity = (token: Token): boolean =>
  token.capitalised || isDigit(token.raw.charCodeAt(0)) || lowercaseStarts.has(token.norm);

/** "CASA-1000", "COVID-19", "F-16" are names: a number glued to a word by a hyphen is no amount. */
function gluedToName(tokens: readonly Token[], k: number): boolean {
  const previous = tokens[k - 1];
  return (
    previous !== undefined &&
    isJoiner(previous) &&
    !(tokens[k] as Token).spaceBefore &&
    tokens[k - 2]?.kind === TokenKind.Word
  );
}

/** Digits and the letters glued after them ("1.2bn" → 1.2, "bn"), or null when there are no letters. */
function splitGluedSuffix(raw: string): { value: number; suffix: string } | null {
  let i = 0;
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    if (isDigit(code) || code === 44 || code === 46) i++;
    else break;
  }
  if (i === 0 || i === raw.length) return null;
  return { value: Number(raw.slice(0, i).replace(groupingCommas, '')), suffix: raw.slice(i).toLowerCase() };
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** A computed value without float noise: 0.17, not 0.17000000000000001 (15 significant digits). */
const rounded = (value: number): number => Number(value.toPrecision(15));

const isBlocked = (blocked: Uint8Array, k: number): boolean => blocked[k] === 1;

/**
 * The quantities stage: numbers outside mentions and times; a number before a country mention written other than the
 * country's name (a demonym: "Afghans") counts people.
 */
export const quantitiesStage: ExtractionStage<'analysis' | 'drafts' | 'times', 'quantities'> = {
  name: 'quantities',
  requires: ['analysis', 'drafts', 'times'],
  provides: ['quantities'],
  run: ({ analysis, drafts, times }) => {
    const blocked = new Uint8Array(analysis.tokens.length);
    for (const item of [...drafts, ...times]) blocked.fill(1, item.firstToken, item.lastToken + 1);
    const demonymTokens = new Set<number>();
    for (const mention of drafts)
      if (mention.type === 'country' && analysis.text.slice(mention.start, mention.end) !== mention.entity.name)
        demonymTokens.add(mention.firstToken);
    return { quantities: findQuantities(analysis, blocked, { demonymTokens }) };
  },
};
