// Money for the quantities stage: currency symbols and codes before an amount ("$", "US$", "€",
// "£", "₹", "Rs", "USD"), currency words after it ("1.2 billion dollars", "5 million Pakistani
// rupees", "pounds sterling") and their ISO 4217 codes (extraction.md §2: money in ISO 4217 units).
//
// Ambiguity rules:
// - "$" and bare "dollars" are USD whatever the document's country; other dollars need their
//   prefix ("C$", "A$", "HK$") or qualifier ("Canadian dollars").
// - A qualifier ("Pakistani rupees", "Qatari riyals", "Turkmen manat") decides; a qualifier of a
//   country without that currency ("Afghan dollars") makes the phrase no money at all.
// - Bare words used by several countries (rupees, riyals, rials, dirhams, manat, pounds, lira,
//   krone, som, dinars, pesos) take the currency of the document's actor country when it has
//   one (rupees in a Pakistan profile are PKR); else of the candidate country the document
//   names most often (its name, demonym or capital: "som" in a text about Tashkent is UZS),
//   counted once per document and only when such a word occurs; else the most common reading:
//   rupees INR, riyals SAR, rials IRR, dirhams AED, manat AZN, pounds GBP, lira TRY, krone NOK,
//   som KGS. Dinars and pesos have no common reading and stay unread as money then.
// - "¥" is CNY or JPY by the same rule (actor, then China or Japan named more), else JPY;
//   "CN¥"/"JP¥" decide.
// - Words that are also ordinary English ("won", "sum", "rand", "dram") read as money only with
//   a qualifier, the document's country, or a scale word ("3 billion won").
// - "afghani(s)" is money only in lowercase: "300 Afghanis" are people.
import { TokenKind, type Token } from '../tokenizer.js';

export interface CurrencyReading {
  /** Last token of the currency phrase. */
  last: number;
  code: string;
  /** Units of `code` per unit written (a toman is 10 rials). */
  factor: number;
}

/** What decides a bare currency word beyond its qualifier: the document's actor and the countries it names. */
export interface CurrencyContext {
  /** The actor's country (ISO alpha-3), when a state. */
  country: string | null;
  tokens: readonly Token[];
  /** How often the document names each country, counted on first need. */
  named: Map<string, number> | null;
}

export const currencyContext = (tokens: readonly Token[], country: string | null): CurrencyContext => ({
  country,
  tokens,
  named: null,
});

export interface CurrencyPrefix {
  /** First token of the prefix ("US" of "US$"). */
  first: number;
  /** Token where the amount starts. */
  numberAt: number;
  code: string;
}

interface CurrencyFamily {
  /** Code when neither a qualifier nor the document's country decides; null: not money then. */
  fallback: string | null;
  /** Country (ISO alpha-3) → code, for qualifiers and the document's country. */
  byCountry?: Readonly<Record<string, string>>;
  /** The document's country decides a bare word (not for dollars: "$" and "dollars" are USD). */
  contextual?: boolean;
  /** An ordinary English word too: the fallback needs a scale word ("3 billion won"). */
  risky?: boolean;
  /** Money only written in lowercase ("afghanis"; "Afghanis" are people). */
  lowercaseOnly?: boolean;
  factor?: number;
}

const dollar: CurrencyFamily = {
  fallback: 'USD',
  byCountry: { USA: 'USD', CAN: 'CAD', AUS: 'AUD', HKG: 'HKD', NZL: 'NZD', SGP: 'SGD', TWN: 'TWD', ZWE: 'ZWL' },
};
const pound: CurrencyFamily = {
  fallback: 'GBP',
  byCountry: { GBR: 'GBP', EGY: 'EGP', LBN: 'LBP', SYR: 'SYP', SDN: 'SDG', SSD: 'SSP' },
  contextual: true,
};
const rupee: CurrencyFamily = {
  fallback: 'INR',
  byCountry: { IND: 'INR', PAK: 'PKR', LKA: 'LKR', NPL: 'NPR', MUS: 'MUR', SYC: 'SCR' },
  contextual: true,
};
const riyal: CurrencyFamily = {
  fallback: 'SAR',
  byCountry: { SAU: 'SAR', QAT: 'QAR', YEM: 'YER', OMN: 'OMR' },
  contextual: true,
};
const rial: CurrencyFamily = { fallback: 'IRR', byCountry: { IRN: 'IRR', OMN: 'OMR', YEM: 'YER' }, contextual: true };
const dirham: CurrencyFamily = { fallback: 'AED', byCountry: { ARE: 'AED', MAR: 'MAD' }, contextual: true };
const manat: CurrencyFamily = { fallback: 'AZN', byCountry: { AZE: 'AZN', TKM: 'TMT' }, contextual: true };
const lira: CurrencyFamily = { fallback: 'TRY', byCountry: { TUR: 'TRY', LBN: 'LBP', SYR: 'SYP' }, contextual: true };
const krone: CurrencyFamily = { fallback: 'NOK', byCountry: { NOR: 'NOK', DNK: 'DKK' }, contextual: true };
const krona: CurrencyFamily = { fallback: 'SEK', byCountry: { SWE: 'SEK', ISL: 'ISK' }, contextual: true };
const som: CurrencyFamily = { fallback: 'KGS', byCountry: { KGZ: 'KGS', UZB: 'UZS' }, contextual: true };
const sum: CurrencyFamily = { fallback: 'UZS', byCountry: { UZB: 'UZS' }, contextual: true, risky: true };
const dinar: CurrencyFamily = {
  fallback: null,
  byCountry: { IRQ: 'IQD', KWT: 'KWD', JOR: 'JOD', BHR: 'BHD', LBY: 'LYD', TUN: 'TND', DZA: 'DZD', SRB: 'RSD' },
  contextual: true,
};
const peso: CurrencyFamily = {
  fallback: null,
  byCountry: { MEX: 'MXN', PHL: 'PHP', ARG: 'ARS', COL: 'COP', CHL: 'CLP', CUB: 'CUP', URY: 'UYU' },
  contextual: true,
};
const won: CurrencyFamily = { fallback: 'KRW', byCountry: { KOR: 'KRW', PRK: 'KPW' }, contextual: true, risky: true };
const franc: CurrencyFamily = { fallback: 'CHF', byCountry: { CHE: 'CHF' } };
const single = (code: string, extra: Partial<CurrencyFamily> = {}): CurrencyFamily => ({ fallback: code, ...extra });

/** Currency words after an amount (normalised, singular and plural). */
const currencyWords: ReadonlyMap<string, CurrencyFamily> = new Map([
  ...pairs(dollar, 'dollar dollars'),
  ...pairs(single('EUR'), 'euro euros'),
  ...pairs(pound, 'pound pounds'),
  ...pairs(single('GBP'), 'sterling'),
  ...pairs(single('CNY'), 'yuan renminbi'),
  ...pairs(single('RUB', { byCountry: { RUS: 'RUB', BLR: 'BYN' }, contextual: true }), 'ruble rubles rouble roubles'),
  ...pairs(single('KZT'), 'tenge'),
  ...pairs(single('TJS'), 'somoni somonis'),
  ...pairs(single('AFN', { lowercaseOnly: true }), 'afghani afghanis'),
  ...pairs(rupee, 'rupee rupees'),
  ...pairs(dirham, 'dirham dirhams'),
  ...pairs(riyal, 'riyal riyals'),
  ...pairs(rial, 'rial rials'),
  ...pairs(single('IRR', { factor: 10 }), 'toman tomans'),
  ...pairs(manat, 'manat manats'),
  ...pairs(som, 'som soms'),
  ...pairs(single('UZS'), "soum soums so'm"),
  ...pairs(sum, 'sum sums'),
  ...pairs(lira, 'lira liras lire'),
  ...pairs(single('JPY'), 'yen'),
  ...pairs(won, 'won'),
  ...pairs(franc, 'franc francs'),
  ...pairs(krone, 'krone kroner'),
  ...pairs(krona, 'krona kronor'),
  ...pairs(dinar, 'dinar dinars'),
  ...pairs(peso, 'peso pesos'),
  ...pairs(single('ZAR', { risky: true }), 'rand'),
  ...pairs(single('NGN'), 'naira'),
  ...pairs(single('MYR'), 'ringgit'),
  ...pairs(single('IDR'), 'rupiah'),
  ...pairs(single('THB'), 'baht'),
  ...pairs(single('BDT'), 'taka'),
  ...pairs(single('GEL'), 'lari'),
  ...pairs(single('AMD', { risky: true }), 'dram drams'),
  ...pairs(single('UAH'), 'hryvnia hryvnias hryvnias'),
  ...pairs(single('ILS'), 'shekel shekels'),
  ...pairs(single('PLN'), 'zloty zlotys zlotych'),
  ...pairs(single('BRL'), 'reais'),
  ...pairs(single('MMK'), 'kyat kyats'),
]);

function pairs(family: CurrencyFamily, words: string): Array<[string, CurrencyFamily]> {
  return words.split(' ').map((word) => [word, family]);
}

/** Words that say whose currency a word is ("Canadian dollars", "Hong Kong dollars"), → ISO alpha-3. */
const qualifiers: ReadonlyMap<string, string> = new Map([
  ['us', 'USA'],
  ['american', 'USA'],
  ['canadian', 'CAN'],
  ['australian', 'AUS'],
  ['hong kong', 'HKG'],
  ['new zealand', 'NZL'],
  ['singapore', 'SGP'],
  ['singaporean', 'SGP'],
  ['taiwan', 'TWN'],
  ['taiwanese', 'TWN'],
  ['new taiwan', 'TWN'],
  ['zimbabwean', 'ZWE'],
  ['british', 'GBR'],
  ['uk', 'GBR'],
  ['egyptian', 'EGY'],
  ['lebanese', 'LBN'],
  ['syrian', 'SYR'],
  ['sudanese', 'SDN'],
  ['south sudanese', 'SSD'],
  ['indian', 'IND'],
  ['pakistani', 'PAK'],
  ['sri lankan', 'LKA'],
  ['nepalese', 'NPL'],
  ['nepali', 'NPL'],
  ['mauritian', 'MUS'],
  ['saudi', 'SAU'],
  ['qatari', 'QAT'],
  ['yemeni', 'YEM'],
  ['omani', 'OMN'],
  ['iranian', 'IRN'],
  ['emirati', 'ARE'],
  ['uae', 'ARE'],
  ['moroccan', 'MAR'],
  ['azerbaijani', 'AZE'],
  ['turkmen', 'TKM'],
  ['turkmenistan', 'TKM'],
  ['turkish', 'TUR'],
  ['norwegian', 'NOR'],
  ['danish', 'DNK'],
  ['swedish', 'SWE'],
  ['icelandic', 'ISL'],
  ['kyrgyz', 'KGZ'],
  ['kyrgyzstani', 'KGZ'],
  ['uzbek', 'UZB'],
  ['uzbekistani', 'UZB'],
  ['russian', 'RUS'],
  ['belarusian', 'BLR'],
  ['south korean', 'KOR'],
  ['korean', 'KOR'],
  ['north korean', 'PRK'],
  ['iraqi', 'IRQ'],
  ['kuwaiti', 'KWT'],
  ['jordanian', 'JOR'],
  ['bahraini', 'BHR'],
  ['libyan', 'LBY'],
  ['tunisian', 'TUN'],
  ['algerian', 'DZA'],
  ['serbian', 'SRB'],
  ['swiss', 'CHE'],
  ['mexican', 'MEX'],
  ['philippine', 'PHL'],
  ['argentine', 'ARG'],
  ['argentinian', 'ARG'],
  ['colombian', 'COL'],
  ['chilean', 'CHL'],
  ['cuban', 'CUB'],
  ['uruguayan', 'URY'],
]);

/** One-word names, demonyms and capitals (normalised) → ISO alpha-3: which country a document is about. */
const countryWords: ReadonlyMap<string, string> = new Map([
  ...[...qualifiers].filter(([word]) => !word.includes(' ')),
  ...words('GBR', 'britain london'),
  ...words('EGY', 'egypt cairo'),
  ...words('LBN', 'lebanon beirut'),
  ...words('SYR', 'syria damascus'),
  ...words('SDN', 'sudan khartoum'),
  ...words('IND', 'india delhi mumbai'),
  ...words('PAK', 'pakistan islamabad karachi lahore peshawar quetta'),
  ...words('LKA', 'colombo lankan'),
  ...words('NPL', 'nepal kathmandu'),
  ...words('SAU', 'riyadh jeddah'),
  ...words('QAT', 'qatar doha'),
  ...words('YEM', 'yemen sanaa'),
  ...words('OMN', 'oman muscat'),
  ...words('IRN', 'iran tehran'),
  ...words('ARE', 'emirates dubai'),
  ...words('MAR', 'morocco rabat'),
  ...words('AZE', 'azerbaijan baku'),
  ...words('TKM', 'ashgabat'),
  ...words('TUR', 'turkey turkiye ankara istanbul'),
  ...words('NOR', 'norway oslo'),
  ...words('DNK', 'denmark copenhagen'),
  ...words('SWE', 'sweden stockholm'),
  ...words('KGZ', 'kyrgyzstan bishkek osh'),
  ...words('UZB', 'uzbekistan tashkent termez termiz samarkand'),
  ...words('RUS', 'russia moscow'),
  ...words('BLR', 'belarus minsk'),
  ...words('KOR', 'seoul korea'),
  ...words('PRK', 'pyongyang'),
  ...words('IRQ', 'iraq baghdad'),
  ...words('KWT', 'kuwait'),
  ...words('JOR', 'amman'),
  ...words('BHR', 'bahrain manama'),
  ...words('LBY', 'libya'),
  ...words('TUN', 'tunisia tunis'),
  ...words('DZA', 'algeria algiers'),
  ...words('SRB', 'serbia belgrade'),
  ...words('MEX', 'mexico'),
  ...words('PHL', 'philippines manila'),
  ...words('ARG', 'argentina'),
  ...words('COL', 'colombia bogota'),
  ...words('CHL', 'chile'),
  ...words('CHN', 'china chinese beijing'),
  ...words('JPN', 'japan japanese tokyo'),
]);

function words(country: string, list: string): Array<[string, string]> {
  return list.split(' ').map((word) => [word, country]);
}

/** Of the candidate countries (alpha-3 → code), the one the document names most often; null on a tie or none. */
function namedMost(context: CurrencyContext, candidates: Readonly<Record<string, string>>): string | null {
  if (context.named === null) {
    const named = new Map<string, number>();
    for (const token of context.tokens) {
      if (token.kind !== TokenKind.Word || !token.capitalised) continue;
      const country = countryWords.get(token.norm);
      if (country) named.set(country, (named.get(country) ?? 0) + 1);
    }
    context.named = named;
  }
  let best: string | null = null;
  let bestCount = 0;
  let tie = false;
  for (const country of Object.keys(candidates)) {
    const count = context.named.get(country) ?? 0;
    if (count > bestCount) {
      best = country;
      bestCount = count;
      tie = false;
    } else if (count === bestCount && count > 0) {
      tie = true;
    }
  }
  return tie ? null : best;
}

/** Currency symbols, standing before (or after) an amount. */
const symbols: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₽', 'RUB'],
  ['₸', 'KZT'],
  ['₺', 'TRY'],
  ['₩', 'KRW'],
  ['₼', 'AZN'],
  ['؋', 'AFN'],
  ['₪', 'ILS'],
  ['₦', 'NGN'],
  ['₱', 'PHP'],
  ['฿', 'THB'],
  ['₴', 'UAH'],
  ['₾', 'GEL'],
  ['₨', 'rupee'],
]);

export const isCurrencySymbol = (raw: string): boolean => symbols.has(raw);

/** Letters glued before a symbol ("US$", "HK$", "CN¥", "E£"), keyed by symbol then by the letters as written. */
const symbolPrefixes: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    '$',
    new Map([
      ['US', 'USD'],
      ['C', 'CAD'],
      ['CA', 'CAD'],
      ['CAN', 'CAD'],
      ['A', 'AUD'],
      ['AU', 'AUD'],
      ['HK', 'HKD'],
      ['NZ', 'NZD'],
      ['S', 'SGD'],
      ['SG', 'SGD'],
      ['NT', 'TWD'],
      ['R', 'BRL'],
      ['MX', 'MXN'],
    ]),
  ],
  [
    '¥',
    new Map([
      ['CN', 'CNY'],
      ['RMB', 'CNY'],
      ['JP', 'JPY'],
    ]),
  ],
  [
    '£',
    new Map([
      ['E', 'EGP'],
      ['LE', 'EGP'],
    ]),
  ],
]);

/** ISO 4217 codes read before or after an amount when written in capitals ("USD 300 million", "500 million AFN"). */
const isoCodes = new Set(
  `USD EUR GBP CNY RUB KZT AFN PKR INR AED SAR QAR TJS UZS TMT AZN TRY JPY IRR KGS CAD AUD CHF KRW EGP HKD SGD NOK DKK
    SEK
  OMR KWD BHD IQD JOD YER BYN LKR NPR BDT IDR MYR THB NGN ZAR BRL MXN ILS UAH GEL AMD PLN TWD NZD`
    .split(/\s+/)
    .filter((code) => code.length > 0),
);
/** Codes that are English words, read only after an amount ("500 million TRY"). */
const codesOnlyAfter = new Set(['TRY', 'GEL']);
/**
 * Other letters written before an amount: "RMB 5 billion", "Dh 300", "Rs 500 crore" (rupees: by the document's
 * country).
 */
const letterPrefixes: ReadonlyMap<string, string> = new Map([
  ['RMB', 'CNY'],
  ['Dh', 'AED'],
  ['Dhs', 'AED'],
  ['Rs', 'rupee'],
  ['QR', 'QAR'],
  ['Tk', 'BDT'],
]);

const yen: CurrencyFamily = { fallback: 'JPY', byCountry: { JPN: 'JPY', CHN: 'CNY' }, contextual: true };

/** A code, or "rupee" for the rupee family, resolved by the document ("¥" too: yen or yuan). */
function resolveSymbol(code: string, context: CurrencyContext): string {
  if (code === 'rupee') return resolve(rupee, null, context, true) ?? 'INR';
  if (code === 'JPY') return resolve(yen, null, context, true) ?? 'JPY';
  return code;
}

/**
 * The code of a currency word: its qualifier, else the actor's country, else the country the document names most, else
 * the common reading.
 */
function resolve(
  family: CurrencyFamily,
  qualifier: string | null,
  context: CurrencyContext,
  scaled: boolean,
): string | null {
  const byCountry = family.byCountry;
  if (qualifier !== null) return byCountry?.[qualifier] ?? null;
  if (family.contextual && byCountry) {
    const actor = context.country !== null ? byCountry[context.country] : undefined;
    if (actor) return actor;
    if (family.risky && !scaled) return null;
    const named = namedMost(context, byCountry);
    if (named !== null) return byCountry[named] ?? null;
  }
  if (family.risky && !scaled) return null;
  return family.fallback;
}

/** The qualifier at `k` ("Canadian", "Hong Kong", "U.S."), as the last token and its country. */
function readQualifier(tokens: readonly Token[], k: number, end: number): { last: number; country: string } | null {
  const first = tokens[k];
  if (!first || k >= end || first.kind !== TokenKind.Word || !first.capitalised) return null;
  // "U.S." is four tokens.
  if (
    first.raw === 'U' &&
    tokens[k + 1]?.raw === '.' &&
    tokens[k + 2]?.raw === 'S' &&
    tokens[k + 3]?.raw === '.' &&
    k + 3 < end
  )
    return { last: k + 3, country: 'USA' };
  const second = tokens[k + 1];
  if (second && k + 1 < end && second.kind === TokenKind.Word && second.capitalised && !second.newlineBefore) {
    const country = qualifiers.get(`${first.norm} ${second.norm}`);
    if (country) return { last: k + 1, country };
  }
  const country = qualifiers.get(first.norm);
  return country ? { last: k, country } : null;
}

/**
 * The currency after an amount, starting at `k`: "dollars", "Canadian dollars", "pounds sterling",
 * "USD", "€" (written after the amount). `scaled`: the amount had a scale word ("3 billion").
 */
export function readCurrencyAfter(
  tokens: readonly Token[],
  k: number,
  end: number,
  context: CurrencyContext,
  scaled: boolean,
): CurrencyReading | null {
  const token = tokens[k];
  if (!token || k >= end) return null;
  if (token.kind === TokenKind.Punct) {
    const code = symbols.get(token.raw);
    return code ? { last: k, code: resolveSymbol(code, context), factor: 1 } : null;
  }
  if (token.kind !== TokenKind.Word) return null;
  if (token.allCaps && isoCodes.has(token.raw)) return { last: k, code: token.raw, factor: 1 };
  const qualifier = readQualifier(tokens, k, end);
  const at = qualifier ? qualifier.last + 1 : k;
  const word = tokens[at];
  if (!word || at >= end || word.kind !== TokenKind.Word || (at > k && word.newlineBefore)) return null;
  const family = currencyWords.get(word.norm);
  if (!family || (family.lowercaseOnly && word.capitalised)) return null;
  // "pounds sterling"
  if (family === pound && tokens[at + 1]?.norm === 'sterling' && at + 1 < end)
    return { last: at + 1, code: 'GBP', factor: 1 };
  const code = resolve(family, qualifier?.country ?? null, context, scaled);
  return code ? { last: at, code, factor: family.factor ?? 1 } : null;
}

/**
 * A currency written before an amount, at `k`: a symbol ("$", "€", "₹"), with letters glued before
 * it ("US$", "C$", "HK$": they may stand before `k`, down to `floor`), an ISO code ("USD 300
 * million") or letters ("Rs 500 crore", "RMB 5 billion"). Null unless an amount may follow.
 */
export function readCurrencyPrefix(
  tokens: readonly Token[],
  k: number,
  floor: number,
  end: number,
  context: CurrencyContext,
): CurrencyPrefix | null {
  const token = tokens[k] as Token;
  let first = k;
  let numberAt = k + 1;
  let code: string | undefined;
  if (token.kind === TokenKind.Punct) {
    code = symbols.get(token.raw);
    if (code === undefined) return null;
    const before = tokens[k - 1];
    const prefixed =
      before && k - 1 >= floor && !token.spaceBefore && before.kind === TokenKind.Word
        ? symbolPrefixes.get(token.raw)?.get(before.raw)
        : undefined;
    if (prefixed) {
      code = prefixed;
      first = k - 1;
    }
  } else if (token.kind === TokenKind.Word) {
    if (token.allCaps && isoCodes.has(token.raw) && !codesOnlyAfter.has(token.raw)) code = token.raw;
    else code = letterPrefixes.get(token.raw);
    if (code === undefined) return null;
    // "Rs. 500"
    if (tokens[numberAt]?.raw === '.' && !(tokens[numberAt] as Token).spaceBefore) numberAt++;
  } else {
    return null;
  }
  const amount = tokens[numberAt];
  if (!amount || numberAt >= end || amount.newlineBefore || !startsWithDigit(amount)) return null;
  return { first, numberAt, code: resolveSymbol(code, context) };
}

const startsWithDigit = (token: Token): boolean => {
  const code = token.raw.charCodeAt(0);
  return code >= 48 && code <= 57;
};
