#!/usr/bin/env node
// Annotation helper for the articles-blind documents (issue 9 acceptance material): the tables
// below are the annotation (surface form -> type, entity, country; date expression -> EDTF value
// and, for dates without a year, how the year is resolved; quantity -> value, unit). This script
// only locates every word-bounded occurrence, longest form first, without nesting, inside each
// document's annotated regions (title and body; metadata lines and chrome are outside them), and
// writes `<slug>.gold.json`.
//
// Offsets: for `.txt` and `.md` files, `start`/`end` are UTF-16 offsets into the file as it is on
// disk (for `.md` the extractor's normalised text differs, so compare by `text` + `region` +
// `occurrence`). For the HTML page there are no offsets: items carry `text`, `region` and
// `occurrence` (1-based rank among all word-bounded occurrences of `text` in that region of
// `<slug>.article.txt`). Every item carries `region` and `occurrence`.
//
// Re-run with `node test-fixtures/articles-blind/build-articles-blind-gold.mjs` after editing a
// document, then run `node test-fixtures/articles-blind/check-articles-blind.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const forms = (type) => (entity, iso, ...texts) => texts.map((text) => ({ text, type, entity: type === 'country' ? iso : entity, country: iso }));
const country = (iso, ...texts) => forms('country')(iso, iso, ...texts);
const place = forms('place');
const org = forms('organization');
const person = forms('person');
const project = forms('project');
const doc = forms('document');

/** Surface forms shared by all ten documents (one meaning each across the set). */
const common = [
  ...country('AFG', 'Afghanistan', 'Afghan', 'Afghans'),
  ...country('UZB', 'Uzbekistan', 'Uzbek'),
  ...country('TJK', 'Tajikistan', 'Tajik', 'Tajiks'),
  ...country('TKM', 'Turkmenistan', 'Turkmen'),
  ...country('KAZ', 'Kazakhstan', 'Kazakh'),
  ...country('KGZ', 'Kyrgyzstan'),
  ...country('PAK', 'Pakistan', 'Pakistani'),
  ...country('IRN', 'Iran', 'Iranian'),
  ...country('CHN', 'China', 'Chinese'),
  ...country('RUS', 'Russia', 'Russian'),
  ...country('IND', 'India'),
  ...country('USA', 'United States', 'American'),
  ...country('SAU', 'Saudi Arabia'),
  ...country('ARE', 'United Arab Emirates'),
  // Afghanistan
  ...place('kabul', 'AFG', 'Kabul'),
  ...place('mazar-i-sharif', 'AFG', 'Mazar-i-Sharif', 'Mazar-e-Sharif'),
  ...place('herat', 'AFG', 'Herat'),
  ...place('kandahar', 'AFG', 'Kandahar'),
  ...place('kunduz', 'AFG', 'Kunduz', 'Qunduz'),
  ...place('jalalabad', 'AFG', 'Jalalabad'),
  ...place('hairatan', 'AFG', 'Hairatan', 'Khairatan'),
  ...place('torghundi', 'AFG', 'Turgundi'),
  ...place('aqina', 'AFG', 'Aqina'),
  ...place('balkh', 'AFG', 'Balkh'),
  ...place('baghlan', 'AFG', 'Baghlan'),
  ...place('puli-khumri', 'AFG', 'Puli-Khumri'),
  ...place('nangarhar', 'AFG', 'Nangarhar'),
  ...place('torkham', 'AFG', 'Torkham'),
  ...place('spin-boldak', 'AFG', 'Spin Boldak'),
  ...place('islam-qala', 'AFG', 'Islam Qala'),
  ...place('zinda-jan', 'AFG', 'Zinda Jan'),
  ...place('sher-khan-bandar', 'AFG', 'Sher Khan Bandar'),
  ...place('mes-aynak', 'AFG', 'Mes Aynak'),
  ...place('logar', 'AFG', 'Logar'),
  ...place('wakhan-corridor', 'AFG', 'Wakhan Corridor'),
  // Uzbekistan
  ...place('termez', 'UZB', 'Termez', 'Termiz'),
  ...place('tashkent', 'UZB', 'Tashkent'),
  ...place('samarkand', 'UZB', 'Samarkand'),
  ...place('karshi-khanabad', 'UZB', 'Karshi-Khanabad'),
  ...place('surxondaryo-region', 'UZB', 'Surxondaryo', 'Surkhandarya'),
  ...place('fayaz-tepa', 'UZB', 'Fayaz Tepa'),
  ...place('kara-tepa', 'UZB', 'Kara Tepa'),
  // Other states
  ...place('dushanbe', 'TJK', 'Dushanbe'),
  ...place('nizhny-panj', 'TJK', 'Nizhny Panj'),
  ...place('ashgabat', 'TKM', 'Ashgabat', 'Ashkhabad'),
  ...place('serhetabat', 'TKM', 'Serkhetabad'),
  ...place('galkynysh-gas-field', 'TKM', 'Galkynysh'),
  ...place('astana', 'KAZ', 'Astana'),
  ...place('almaty', 'KAZ', 'Almaty'),
  ...place('beijing', 'CHN', 'Beijing'),
  ...place('tianjin', 'CHN', 'Tianjin'),
  ...place('xinjiang', 'CHN', 'Xinjiang'),
  ...place('moscow', 'RUS', 'Moscow'),
  ...place('tehran', 'IRN', 'Tehran'),
  ...place('islamabad', 'PAK', 'Islamabad'),
  ...place('peshawar', 'PAK', 'Peshawar'),
  ...place('chaman', 'PAK', 'Chaman'),
  ...place('doha', 'QAT', 'Doha'),
  // Rivers, regions, cross-border sites
  ...place('amu-darya', null, 'Amu Darya'),
  ...place('panj-river', null, 'Panj River', 'Panj'),
  ...place('helmand-river', null, 'Helmand River'),
  ...place('central-asia', null, 'Central Asia'),
  ...place('south-asia', null, 'South Asia'),
  ...place('afghanistan-uzbekistan-friendship-bridge', null, 'Afghanistan–Uzbekistan Friendship Bridge', 'Friendship Bridge'),
  // Organisations
  ...org('taliban', null, 'Taliban'),
  ...org('united-nations', null, 'United Nations', 'UN', 'U.N.'),
  ...org('united-nations-security-council', null, 'UN Security Council', 'Security Council'),
  ...org('united-nations-general-assembly', null, 'General Assembly'),
  ...org('shanghai-cooperation-organisation', null, 'Shanghai Cooperation Organisation', 'SCO'),
  ...org('collective-security-treaty-organization', null, 'Collective Security Treaty Organization', 'CSTO'),
  ...org('european-union', null, 'European Union'),
  ...org('world-bank', null, 'World Bank'),
  ...org('asian-development-bank', null, 'Asian Development Bank', 'ADB'),
  ...org('international-organization-for-migration', null, 'International Organization for Migration', 'IOM'),
  ...org('united-nations-high-commissioner-for-refugees', null, 'UNHCR'),
  ...org('world-food-programme', null, 'World Food Programme', 'WFP'),
  ...org('united-nations-childrens-fund', null, 'UNICEF'),
  ...org('islamic-state-khorasan-province', null, 'Islamic State Khorasan Province', 'ISKP'),
  ...org('imu', null, 'Islamic Movement of Uzbekistan', 'IMU'),
  ...org('jamaat-ansarullah', null, 'Jamaat Ansarullah'),
  ...org('northern-alliance', null, 'Northern Alliance'),
  ...org('tehrik-i-taliban-pakistan', null, 'Tehrik-i-Taliban Pakistan', 'TTP'),
  ...org('east-turkestan-islamic-movement', null, 'East Turkestan Islamic Movement', 'ETIM'),
  ...org('north-atlantic-treaty-organization', null, 'NATO'),
  ...org('xinjiang-central-asia-petroleum-and-gas-company', null, 'Xinjiang Central Asia Petroleum and Gas Company'),
  ...org('supreme-court-of-russia', 'RUS', 'Supreme Court'),
  ...org('ministry-of-foreign-affairs-of-uzbekistan', 'UZB', 'Ministry of Foreign Affairs of the Republic of Uzbekistan'),
  ...org('ministry-of-refugees-and-repatriation', 'AFG', 'Ministry of Refugees and Repatriation'),
  // People
  ...person('xi-jinping', 'CHN', 'Xi Jinping'),
  ...person('wang-yi', 'CHN', 'Wang Yi'),
  ...person('zhao-xing', 'CHN', 'Zhao Xing'),
  ...person('bilal-karimi', 'AFG', 'Bilal Karimi'),
  ...person('amir-khan-muttaqi', 'AFG', 'Amir Khan Muttaqi', 'Amir Khan Muttaki'),
  ...person('abdul-ghani-baradar', 'AFG', 'Abdul Ghani Baradar'),
  ...person('ashraf-ghani', 'AFG', 'Ashraf Ghani'),
  ...person('ahmad-shah-massoud', 'AFG', 'Ahmad Shah Massoud'),
  ...person('abdul-rashid-dostum', 'AFG', 'Abdul Rashid Dostum'),
  ...person('juma-namangani', null, 'Juma Namangani'),
  ...person('antonio-guterres', null, 'António Guterres'),
  ...person('bakhtiyor-saidov', 'UZB', 'Bakhtiyor Saidov'),
  ...person('abdulaziz-kamilov', 'UZB', 'Abdulaziz Kamilov'),
  ...person('shavkat-mirziyoyev', 'UZB', 'Shavkat Mirziyoyev'),
  ...person('zamir-kabulov', 'RUS', 'Zamir Kabulov'),
  ...person('vladimir-putin', 'RUS', 'Vladimir Putin'),
  ...person('emomali-rahmon', 'TJK', 'Emomali Rahmon', 'Rahmon'),
  ...person('serik-zhumangarin', 'KAZ', 'Serik Zhumangarin', 'Zhumangarin'),
  ...person('kassym-jomart-tokayev', 'KAZ', 'Kassym-Zhomart Tokayev'),
  ...person('murat-nurtleu', 'KAZ', 'Murat Nurtleu', 'Nurtleu'),
  ...person('parvina-sharipova', 'TJK', 'Parvina Sharipova'),
  // Projects
  ...project('trans-afghan-railway', null, 'trans-Afghan railway', 'Uzbekistan-Afghanistan-Pakistan railway'),
  ...project('tapi', null, 'TAPI pipeline', 'TAPI', 'Turkmenistan-Afghanistan-Pakistan-India'),
  ...project('casa-1000', null, 'CASA-1000'),
  ...project('surkhan-puli-khumri-transmission-line', null, 'Surkhan–Puli-Khumri transmission line', 'Surkhan–Puli-Khumri line'),
  ...project('qosh-tepa-canal', 'AFG', 'Qosh Tepa canal', 'Qosh Tepa'),
  ...project('torghundi-herat-railway', null, 'Turgundi–Herat railway'),
  ...project('china-pakistan-economic-corridor', null, 'China-Pakistan Economic Corridor', 'CPEC'),
  ...project('northern-distribution-network', null, 'Northern Distribution Network'),
  // Documents
  ...doc('united-nations-security-council-resolution-2593', null, 'Resolution 2593'),
  ...doc('united-nations-security-council-resolution-2681', null, 'Resolution 2681'),
  ...doc('uzbekistan-2030-strategy', 'UZB', 'Uzbekistan-2030'),
  ...doc('strategy-2050', 'KAZ', 'Strategy 2050'),
];

const DOC = 'document-date';
const CTX = 'context';

/**
 * Per document: file, format, the exact title text (first occurrence is the title region), the
 * exact strings where the body starts and (optionally) where it stops, ignore spans inside the
 * body, doc-specific forms, times [text, value, resolved?], quantities [text, value, unit, count?],
 * not_times, and optional mentions [text, occurrence-in-region, region] (judgement calls a test
 * may skip).
 */
const documents = {
  'wire-tashkent-trade': {
    file: 'wire-tashkent-trade.txt', format: 'txt',
    title: 'Uzbekistan bets on trade and rail as neighbours edge closer to the Taliban',
    bodyFrom: 'Uzbekistan is pressing ahead', bodyTo: null,
    ignore: [],
    lexicon: [],
    times: [
      ['2023', '2023'], ['Feb. 2, 2021', '2021-02-02'], ['Jan. 30', '2024-01-30', DOC], ['December 2023', '2023-12'],
      ['Feb. 18-19', '2024-02-18/2024-02-19', DOC], ['March 2022', '2022-03'], ['April 2022', '2022-04'],
    ],
    notTimes: [],
    quantities: [
      ['$866 million', 866e6, 'USD'], ['$3 billion', 3e9, 'USD'], ['$4.8 billion', 4.8e9, 'USD'], ['20%', 0.2, 'share'],
    ],
  },
  'brief-power-imports': {
    file: 'brief-power-imports.md', format: 'md',
    title: 'Keeping the Lights On: Central Asian Power and Taliban-Led Afghanistan',
    bodyFrom: 'Summary\n\nAfghanistan imports', bodyTo: null,
    ignore: [],
    lexicon: [],
    times: [['August 2021', '2021-08'], ['2021', '2021'], ['15–16 September 2022', '2022-09-15/2022-09-16'], ['2023', '2023'], ['January 2023', '2023-01']],
    notTimes: ['2030'],
    quantities: [
      ['80 percent', 0.8, 'share'], ['35 percent', 0.35, 'share'], ['1,300 MW', 1300, 'MW'], ['$1.2 billion', 1.2e9, 'USD'],
    ],
  },
  'encyclopedia-afghanistan-uzbekistan': {
    file: 'encyclopedia-afghanistan-uzbekistan.txt', format: 'txt',
    title: 'Afghanistan–Uzbekistan relations',
    bodyFrom: 'Afghanistan–Uzbekistan relations are', bodyTo: null,
    ignore: [],
    lexicon: [],
    times: [
      ['August 2021', '2021-08'], ['1982', '1982'], ['1980s', '198X'], ['1998', '1998'], ['late 1990s', '199X'],
      ['1999', '1999'], ['2000', '2000'], ['November 2001', '2001-11'], ['11 September 2001', '2001-09-11'],
      ['December 2001', '2001-12'], ['2005', '2005'], ['2009', '2009'], ['2011', '2011'], ['2021', '2021'],
      ['15 August 2021', '2021-08-15'], ['October 2021', '2021-10'], ['25–26 July 2022', '2022-07-25/2022-07-26'],
      ['2022', '2022'], ['April 2022', '2022-04'], ['February 2021', '2021-02'], ['July 2024', '2024-07'],
    ],
    notTimes: [],
    quantities: [['144 km', 144, 'km'], ['89 mi', 89, 'mi'], ['75-km', 75, 'km']],
    // "(Uzbek: Termiz)": a language name with the surface of a demonym.
    optional: [['Uzbek', 1, 'body']],
  },
  'press-release-tashkent-conference': {
    file: 'press-release-tashkent-conference.txt', format: 'txt',
    title: 'Tashkent Conference on Afghanistan Highlights Regional Connectivity and Humanitarian Needs',
    bodyFrom: 'The international conference "Afghanistan', bodyTo: '\n\n###',
    ignore: [],
    lexicon: [],
    times: [
      ['25–26 July', '2022-07-25/2022-07-26', DOC], ['15–16 July 2021', '2021-07-15/2021-07-16'], ['August 2021', '2021-08'],
      ['15–16 September', '2022-09-15/2022-09-16', DOC],
    ],
    notTimes: [],
    quantities: [['144 km', 144, 'km']],
  },
  'longread-neighbours-long-game': {
    file: 'longread-neighbours-long-game.txt', format: 'txt',
    title: "The Neighbours' Long Game",
    bodyFrom: 'At Hairatan,', bodyTo: null,
    ignore: [],
    lexicon: [],
    times: [
      ['15 August 2021', '2021-08-15'], ['July 3', '2025-07-03', DOC], ['1990s', '199X'], ['9 September 2001', '2001-09-09'],
      ['September 11', '2001-09-11', CTX], ['December 2001', '2001-12'], ['2021', '2021'], ['late 2023', '2023'],
      ['August 2021', '2021-08'], ['17 April 2025', '2025-04-17'], ['August 2023', '2023-08'], ['October 2021', '2021-10'],
      ['December 2023', '2023-12'], ['2024', '2024'], ['January 2023', '2023-01'], ['January 2024', '2024-01'],
      ['2023', '2023'], ['May 2023', '2023-05'], ['1973', '1973'], ['June 2022', '2022-06'], ['March 2022', '2022-03'],
      ['September 2022', '2022-09'], ['December 2022', '2022-12'], ['March 2024', '2024-03'], ['30 August 2021', '2021-08-30'],
      ['30 June–1 July 2024', '2024-06-30/2024-07-01'],
    ],
    notTimes: ['2593'],
    quantities: [
      ['100 rubles', 100, 'RUB'], ['1,127-mile', 1127, 'mi'], ['33 billion cubic metres', 33, 'bcm'], ['$540 million', 540e6, 'USD'],
      ['140 people', 140, 'people'], ['40 percent', 0.4, 'share'], ['€1 billion', 1e9, 'EUR'], ['half', 0.5, 'share'],
    ],
  },
  'regional-kazakh-rail-flour': {
    file: 'regional-kazakh-rail-flour.txt', format: 'txt',
    title: 'Kazakhstan eyes Afghan market as western rail route takes shape',
    bodyFrom: 'Kazakhstan is positioning', bodyTo: null,
    ignore: [],
    lexicon: [...org('ministry-of-foreign-affairs-of-kazakhstan', 'KAZ', 'Ministry of Foreign Affairs')],
    times: [
      ['10 July', '2025-07-10', DOC], ['April', '2025-04', DOC], ['end of 2023', '2023'], ['29 December', '2023-12-29', CTX],
      ['2024', '2024'], ['3–4 July', '2024-07-03/2024-07-04', CTX],
    ],
    notTimes: ['2050'],
    quantities: [
      ['$3 billion', 3e9, 'USD'], ['115 km', 115, 'km'], ['$500 million', 500e6, 'USD'], ['half', 0.5, 'share'],
      ['100,000 tenge', 100000, 'KZT'],
    ],
  },
  'blog-termiz-crossing': {
    file: 'blog-termiz-crossing.md', format: 'md',
    title: 'Ten days in Termiz: watching the trucks cross to Afghanistan',
    bodyFrom: 'I spent August', bodyTo: null,
    ignore: [],
    lexicon: [],
    times: [
      ['August 14-23', '2023-08-14/2023-08-23', DOC], ['10 July', '2023-07-10', DOC], ['1982', '1982'], ['1980s', '198X'],
      ['late 1990s', '199X'], ['April 2022', '2022-04'], ['23 August', '2023-08-23', DOC],
    ],
    notTimes: [],
    quantities: [['60,000 som', 60000, 'UZS'], ['$5', 5, 'USD'], ['400 afghanis', 400, 'AFN']],
    // "Surkhandarya in the Russian spelling": a language name with the surface of a demonym.
    optional: [['Russian', 1, 'body']],
  },
  'html-beijing-patient-bet': {
    file: 'html-beijing-patient-bet.html', format: 'html', textFile: 'html-beijing-patient-bet.article.txt',
    title: "Beijing's patient bet on Taliban-led Afghanistan",
    bodyFrom: 'When Chinese President', bodyTo: null,
    ignore: [],
    lexicon: [],
    times: [
      ['Jan. 30', '2024-01-30', DOC], ['September 2023', '2023-09'], ['summer of 2021', '2021-22'], ['July 28', '2021-07-28', CTX],
      ['September 2021', '2021-09'], ['January 2023', '2023-01'], ['2008', '2008'], ['May 2023', '2023-05'],
      ['12 December 2022', '2022-12-12'], ['2012', '2012'], ['2018', '2018'], ['2021', '2021'],
    ],
    notTimes: [],
    quantities: [
      ['200 million yuan', 200e6, 'CNY'], ['$31 million', 31e6, 'USD'], ['$150 million', 150e6, 'USD'], ['$540 million', 540e6, 'USD'],
      ['20 percent', 0.2, 'share'], ['$3 billion', 3e9, 'USD'],
    ],
  },
  'interview-tajik-turkmen': {
    file: 'interview-tajik-turkmen.txt', format: 'txt',
    title: '"Dushanbe and Ashgabat read the same map differently": Tajikistan, Turkmenistan and the Taliban',
    bodyFrom: 'Parvina Sharipova is', bodyTo: null,
    ignore: [],
    lexicon: [],
    times: [
      ['2021', '2021'], ['1990s', '199X'], ['September 11', '2001-09-11', CTX], ['September 2021', '2021-09'],
      ['October 2021', '2021-10'], ['11 September', '2024-09-11', DOC],
    ],
    notTimes: [],
    quantities: [['1,350 km', 1350, 'km'], ['1,814-km', 1814, 'km'], ['$10 billion', 10e9, 'USD'], ['half', 0.5, 'share']],
  },
  'sitrep-returns-pakistan': {
    file: 'sitrep-returns-pakistan.txt', format: 'txt',
    title: 'Afghanistan: Returns from Pakistan — Situation Report No. 3',
    bodyFrom: 'HIGHLIGHTS', bodyTo: '\n\nCONTACT',
    ignore: [],
    lexicon: [...org('ministry-of-interior-of-pakistan', 'PAK', 'Ministry of Interior')],
    times: [
      ['3 October', '2023-10-03', DOC], ['1 November', '2023-11-01', DOC], ['9–16 November', '2023-11-09/2023-11-16', DOC],
      ['7 October', '2023-10-07', DOC], ['April 2023', '2023-04'], ['2023', '2023'], ['mid-November', '2023-11', DOC],
    ],
    notTimes: ['2681'],
    quantities: [
      ['300,000 people', 300000, 'people'], ['half', 0.5, 'share', 2], ['1.7 million undocumented Afghans', 1.7e6, 'people'],
      ['1.3 million registered refugees', 1.3e6, 'people'], ['10,000 afghanis', 10000, 'AFN'], ['$140', 140, 'USD'],
      ['$3.2 billion', 3.2e9, 'USD'],
    ],
  },
};

const isWordChar = (ch) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Word-bounded occurrences of `needle` in `hay` (start offsets). */
function occurrences(hay, needle) {
  const out = [];
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    if (!isWordChar(hay[at - 1]) && !isWordChar(hay[at + needle.length])) out.push(at);
  }
  return out;
}

/** Every word-bounded occurrence of each form inside [from, to), longest first, non-overlapping, outside ignore spans. */
function locate(text, from, to, entries, ignore) {
  const candidates = [];
  for (const e of entries) {
    for (const at of occurrences(text.slice(from, to), e.text)) {
      const start = from + at;
      const end = start + e.text.length;
      if (ignore.some((g) => start < g.end && g.start < end)) continue;
      candidates.push({ ...e, start, end });
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept = [];
  for (const c of candidates) if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start);
}

function regionsOf(slug, d, text) {
  const titleAt = text.indexOf(d.title);
  if (titleAt === -1) throw new Error(`${slug}: title not found`);
  const bodyStart = text.indexOf(d.bodyFrom);
  if (bodyStart === -1 || bodyStart < titleAt + d.title.length) throw new Error(`${slug}: body start not found after the title`);
  let bodyEnd = d.bodyTo ? text.indexOf(d.bodyTo, bodyStart) : text.length;
  if (bodyEnd === -1) throw new Error(`${slug}: body end not found`);
  while (/\s/.test(text[bodyEnd - 1])) bodyEnd -= 1;
  const ignore = d.ignore.map((s) => {
    const at = text.indexOf(s, bodyStart);
    if (at === -1 || at >= bodyEnd) throw new Error(`${slug}: ignore span "${s}" not in the body`);
    return { start: at, end: at + s.length, text: s };
  });
  return { title: { start: titleAt, end: titleAt + d.title.length }, body: { start: bodyStart, end: bodyEnd }, ignore };
}

const manifestBySlug = {};

for (const [slug, d] of Object.entries(documents)) {
  const text = readFileSync(join(here, d.textFile ?? d.file), 'utf8');
  const { title, body, ignore } = regionsOf(slug, d, text);
  const lexicon = [...d.lexicon, ...common];
  const regionOf = (start) => (start >= title.start && start < title.end ? 'title' : 'body');
  const occurrenceOf = (item) => {
    const r = item.region === 'title' ? title : body;
    return occurrences(text.slice(r.start, r.end), item.text).indexOf(item.start - r.start) + 1;
  };
  const inRegions = (entries) => [
    ...locate(text, title.start, title.end, entries, []),
    ...locate(text, body.start, body.end, entries, ignore),
  ];

  const mentions = inRegions(lexicon).map((m) => ({ start: m.start, end: m.end, text: m.text, type: m.type, country: m.country, entity: m.entity }));
  const times = inRegions(d.times.map(([t, value, resolved]) => ({ text: t, value, ...(resolved ? { resolved } : {}) })))
    .map(({ start, end, text: t, value, resolved }) => ({ start, end, text: t, value, ...(resolved ? { resolved } : {}) }));
  const quantities = inRegions(d.quantities.map(([t, value, unit]) => ({ text: t, value, unit })))
    .map(({ start, end, text: t, value, unit }) => ({ start, end, text: t, value, unit }));

  for (const [t] of d.times) if (!times.some((x) => x.text === t)) throw new Error(`${slug}: time "${t}" not found`);
  for (const [t, , , count = 1] of d.quantities) {
    const n = quantities.filter((q) => q.text === t).length;
    if (n !== count) throw new Error(`${slug}: quantity "${t}" found ${n} times, expected ${count}`);
  }
  for (const { text: t, entity } of d.lexicon) if (!mentions.some((m) => m.text === t)) throw new Error(`${slug}: form "${t}" (${entity}) not found`);

  for (const list of [mentions, times, quantities]) {
    for (const item of list) {
      item.region = regionOf(item.start);
      item.occurrence = occurrenceOf(item);
      if (item.occurrence < 1) throw new Error(`${slug}: cannot rank "${item.text}" @${item.start}`);
    }
  }
  for (const [t, occurrence, region] of d.optional ?? []) {
    const m = mentions.find((x) => x.text === t && x.occurrence === occurrence && x.region === region);
    if (!m) throw new Error(`${slug}: optional mention "${t}" #${occurrence} in ${region} not found`);
    m.optional = true;
  }

  const html = d.format === 'html';
  const strip = (item) => {
    if (!html) return item;
    const { start: _start, end: _end, ...rest } = item;
    return rest;
  };
  const region = (r) => (html ? { text: text.slice(r.start, r.end).slice(0, 60) } : { start: r.start, end: r.end, text: text.slice(r.start, r.end).slice(0, 60) });
  const gold = {
    document: d.file,
    format: d.format,
    kind: 'source',
    text_file: d.textFile ?? d.file,
    offsets: html ? 'none: match by region + text + occurrence in text_file' : `UTF-16 offsets into ${d.file} as stored`,
    regions: { title: { ...region(title), text: d.title }, body: { ...region(body), starts_with: text.slice(body.start, body.start + 60).split('\n')[0] } },
    ignore: ignore.map((g) => (html ? { text: g.text } : g)),
    mentions: mentions.map(strip),
    times: times.map(strip),
    not_times: d.notTimes,
    quantities: quantities.map(strip),
  };
  if (gold.regions.body.text !== undefined) delete gold.regions.body.text;
  writeFileSync(join(here, `${slug}.gold.json`), `${JSON.stringify(gold, null, 1)}\n`);
  manifestBySlug[slug] = gold;
  const entities = new Set(mentions.map((m) => m.entity)).size;
  console.log(`${slug}: ${mentions.length} mentions (${entities} entities), ${times.length} times, ${quantities.length} quantities`);
}
