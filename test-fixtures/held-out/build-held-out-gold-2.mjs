#!/usr/bin/env node
// Annotation helper for the second set of held-out profiles (United Kingdom, Norway, South
// Korea, Azerbaijan), in the same way as build-held-out-gold.mjs: the hand-made tables below
// (surface forms with type, entity and country; dates with EDTF values; quantities) are the
// annotation, and this script only locates every word-bounded occurrence, longest form first,
// without nesting, and writes `<slug>.gold.json` with UTF-16 offsets. Entities shared with the
// first set keep the same ids, types and countries. Re-run with
// `node test-fixtures/held-out/build-held-out-gold-2.mjs` after editing one of these profiles,
// then run check-held-out.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const country = (iso, ...forms) => forms.map((text) => [text, 'country', iso, iso]);
const place = (entity, iso, ...forms) => forms.map((text) => [text, 'place', entity, iso]);
const org = (entity, iso, ...forms) => forms.map((text) => [text, 'organization', entity, iso]);
const person = (entity, iso, ...forms) => forms.map((text) => [text, 'person', entity, iso]);
const project = (entity, iso, ...forms) => forms.map((text) => [text, 'project', entity, iso]);
const doc = (entity, iso, ...forms) => forms.map((text) => [text, 'document', entity, iso]);

/** Surface forms shared by the four profiles of this set (and, with the same entities, by the first set). */
const common = [
  ...country('AFG', 'Afghanistan', 'Afghan', 'Afghans'),
  ...country('GBR', 'United Kingdom', 'UK', 'Britain', 'British', 'Britons'),
  ...country('NOR', 'Norway', 'Norwegian', 'Norwegians'),
  ...country('KOR', 'South Korea', 'South Korean', 'South Koreans', 'Korea', 'Korean', 'Koreans'),
  ...country('AZE', 'Azerbaijan', 'Azerbaijani', 'Azerbaijanis'),
  ...country('USA', 'United States', 'US', 'American', 'Americans'),
  ...country('DEU', 'Germany', 'German', 'Germans'),
  ...country('PAK', 'Pakistan', 'Pakistani'),
  ...country('QAT', 'Qatar', 'Qatari'),
  ...country('TUR', 'Türkiye', 'Turkish'),
  ...country('TKM', 'Turkmenistan', 'Turkmen'),
  ...country('GEO', 'Georgia', 'Georgian'),
  ...country('RUS', 'Russia', 'Russian'),
  ...country('SYR', 'Syria', 'Syrians'),
  ...country('IRQ', 'Iraq'),
  ...place('kabul', 'AFG', 'Kabul'),
  ...place('herat', 'AFG', 'Herat'),
  ...place('helmand', 'AFG', 'Helmand'),
  ...place('camp-bastion', 'AFG', 'Camp Bastion'),
  ...place('bagram', 'AFG', 'Bagram'),
  ...place('paktika', 'AFG', 'Paktika'),
  ...place('ghazni', 'AFG', 'Ghazni'),
  ...place('parwan', 'AFG', 'Parwan'),
  ...place('charikar', 'AFG', 'Charikar'),
  ...place('meymaneh', 'AFG', 'Meymaneh'),
  ...place('faryab', 'AFG', 'Faryab'),
  ...place('wardak', 'AFG', 'Wardak'),
  ...place('badakhshan', 'AFG', 'Badakhshan'),
  ...place('torghundi', 'AFG', 'Torghundi'),
  ...place('london', 'GBR', 'London'),
  ...place('oslo', 'NOR', 'Oslo'),
  ...place('seoul', 'KOR', 'Seoul'),
  ...place('incheon', 'KOR', 'Incheon'),
  ...place('ulsan', 'KOR', 'Ulsan'),
  ...place('jincheon', 'KOR', 'Jincheon'),
  ...place('baku', 'AZE', 'Baku'),
  ...place('alat', 'AZE', 'Alat'),
  ...place('ashgabat', 'TKM', 'Ashgabat'),
  ...place('turkmenbashi', 'TKM', 'Turkmenbashi'),
  ...place('doha', 'QAT', 'Doha'),
  ...place('ankara', 'TUR', 'Ankara'),
  ...place('washington', 'USA', 'Washington'),
  ...place('durand-line', null, 'Durand Line'),
  ...place('english-channel', null, 'English Channel'),
  ...place('caspian-sea', null, 'Caspian Sea'),
  ...place('black-sea', null, 'Black Sea'),
  ...place('korean-peninsula', null, 'Korean Peninsula'),
  ...place('central-asia', null, 'Central Asia'),
  ...place('europe', null, 'Europe'),
  ...org('taliban', null, 'Taliban'),
  ...org('al-qaeda', null, 'al-Qaeda'),
  ...org('islamic-state', null, 'Islamic State'),
  ...org('islamic-state-khorasan-province', null, 'Islamic State Khorasan Province', 'ISKP'),
  ...org('haqqani-network', null, 'Haqqani network', 'Haqqani Network'),
  ...org('united-nations', null, 'UN', 'United Nations'),
  ...org('united-nations-security-council', null, 'UN Security Council'),
  ...org('united-nations-assistance-mission-in-afghanistan', null, 'United Nations Assistance Mission in Afghanistan', 'UNAMA'),
  ...org('united-nations-childrens-fund', null, 'UNICEF'),
  ...org('united-nations-high-commissioner-for-refugees', null, 'UNHCR'),
  ...org('united-nations-office-on-drugs-and-crime', null, 'UNODC'),
  ...org('world-food-programme', null, 'World Food Programme', 'WFP'),
  ...org('international-committee-of-the-red-cross', null, 'ICRC'),
  ...org('world-bank', null, 'World Bank'),
  ...org('european-union', null, 'European Union'),
  ...org('north-atlantic-treaty-organization', null, 'NATO'),
  ...org('international-security-assistance-force', null, 'International Security Assistance Force', 'ISAF'),
  ...org('organisation-of-islamic-cooperation', null, 'Organisation of Islamic Cooperation', 'OIC'),
  ...project('afghanistan-reconstruction-trust-fund', null, 'Afghanistan Reconstruction Trust Fund', 'ARTF'),
  ...doc('bonn-agreement', null, 'Bonn Agreement'),
];

const profiles = {
  'united-kingdom': {
    actor: { name: 'United Kingdom', country: 'GBR' },
    themes: ['extremism', 'humanitarian', 'migration', 'narcotics'],
    lexicon: [
      ...person('tony-blair', 'GBR', 'Tony Blair'),
      ...person('dominic-raab', 'GBR', 'Dominic Raab'),
      ...person('ayman-al-zawahiri', null, 'Ayman al-Zawahiri'),
      ...org('british-army', 'GBR', 'British Army'),
      ...org('royal-air-force', 'GBR', 'Royal Air Force'),
      ...org('house-of-commons-foreign-affairs-committee', 'GBR', 'House of Commons Foreign Affairs Committee'),
      ...org('foreign-commonwealth-and-development-office', 'GBR', 'Foreign, Commonwealth and Development Office', 'FCDO'),
      ...org('department-for-international-development', 'GBR', 'Department for International Development', 'DFID'),
      ...project('afghan-relocations-and-assistance-policy', 'GBR', 'Afghan Relocations and Assistance Policy', 'ARAP'),
      ...project('afghan-citizens-resettlement-scheme', 'GBR', 'Afghan Citizens Resettlement Scheme', 'ACRS'),
      ...doc('united-nations-security-council-resolution-1386', null, 'UN Security Council Resolution 1386'),
      ...doc('united-nations-security-council-resolution-1988', null, 'Resolution 1988'),
    ],
    times: [
      ['between 1839 and 1919', '1839/1919'], ['1893', '1893'], ['October 2001', '2001-10'], ['December 2001', '2001-12'],
      ['Between 2006 and 2014', '2006/2014'], ['October 2014', '2014-10'], ['15 August 2021', '2021-08-15'],
      ['second half of August 2021', '2021-08'], ['May 2022', '2022-05'], ['26 August 2021', '2021-08-26'],
      ['July 2022', '2022-07'], ['2021', '2021'], ['March 2022', '2022-03'], ['2020', '2020'], ['December 2022', '2022-12'],
      ['late 2021', '2021'], ['April 2021', '2021-04'], ['April 2022', '2022-04'], ['2023', '2023'],
    ],
    notTimes: ['1386', '1988'],
    quantities: [
      ['457 personnel', 457, 'people'], ['15,000 people', 15000, 'people'], ['13 American troops', 13, 'people'],
      ['170 Afghans', 170, 'people'], ['$2.4 billion', 2.4e9, 'USD'], ['0.7 percent', 0.7, 'percent'],
      ['0.5 percent', 0.5, 'percent'], ['20,000 people', 20000, 'people'], ['95 percent', 95, 'percent'],
    ],
  },
  norway: {
    actor: { name: 'Norway', country: 'NOR' },
    themes: ['diplomacy', 'humanitarian', 'governance'],
    lexicon: [
      ...person('kai-eide', null, 'Kai Eide'),
      ...person('amir-khan-muttaqi', 'AFG', 'Amir Khan Muttaqi'),
      ...person('anniken-huitfeldt', 'NOR', 'Anniken Huitfeldt'),
      ...person('jan-egeland', 'NOR', 'Jan Egeland'),
      ...org('norwegian-afghanistan-committee', null, 'Norwegian Afghanistan Committee', 'NAC'),
      ...org('norwegian-refugee-council', null, 'Norwegian Refugee Council', 'NRC'),
      ...doc('united-nations-security-council-resolution-2626', null, 'Resolution 2626'),
    ],
    times: [
      ['2002', '2002'], ['from 2005 to 2012', '2005/2012'], ['between 2008 and 2010', '2008/2010'], ['1980', '1980'],
      ['January 2022', '2022-01'], ['August 2021', '2021-08'], ['2021', '2021'], ['2022', '2022'], ['March 2022', '2022-03'],
      ['May 2023', '2023-05'], ['mid-2024', '2024'], ['December 2022', '2022-12'], ['early 2023', '2023'], ['2023', '2023'],
    ],
    notTimes: ['2626'],
    quantities: [['ten soldiers', 10, 'people'], ['a thousand people', 1000, 'people'], ['half', 0.5, 'share']],
  },
  'south-korea': {
    actor: { name: 'South Korea', country: 'KOR' },
    themes: ['security', 'humanitarian', 'migration'],
    lexicon: [
      ...person('yoon-jang-ho', 'KOR', 'Yoon Jang-ho'),
      ...person('roh-moo-hyun', 'KOR', 'Roh Moo-hyun'),
      ...person('lee-myung-bak', 'KOR', 'Lee Myung-bak'),
      ...org('ashena-unit', 'KOR', 'Ashena Unit'),
      ...org('republic-of-korea-air-force', 'KOR', 'Republic of Korea Air Force'),
      ...org('korea-international-cooperation-agency', 'KOR', 'Korea International Cooperation Agency', 'KOICA'),
    ],
    times: [
      ['between 2002 and 2007', '2002/2007'], ['February 2007', '2007-02'], ['July 2007', '2007-07'],
      ['late August 2007', '2007-08'], ['end of 2007', '2007'], ['2010', '2010'], ['2014', '2014'], ['August 2021', '2021-08'],
      ['2002', '2002'], ['2021', '2021'], ['2010s', '201X'], ['late 2021', '2021'], ['June 2022', '2022-06'], ['early 2022', '2022'],
    ],
    notTimes: [],
    quantities: [
      ['23 volunteers', 23, 'people'], ['two hostages', 2, 'people'], ['390 Afghans', 390, 'people'],
      ['1,000 people', 1000, 'people'], ['390 special contributors', 390, 'people'],
    ],
  },
  azerbaijan: {
    actor: { name: 'Azerbaijan', country: 'AZE' },
    themes: ['transport', 'diplomacy', 'extremism'],
    lexicon: [
      ...person('ilham-aliyev', 'AZE', 'Ilham Aliyev'),
      ...person('jeyhun-bayramov', 'AZE', 'Jeyhun Bayramov'),
      ...org('resolute-support-mission', null, 'Resolute Support Mission'),
      ...org('heart-of-asia-istanbul-process', null, 'Heart of Asia–Istanbul Process'),
      ...org('non-aligned-movement', null, 'Non-Aligned Movement'),
      ...project('northern-distribution-network', null, 'Northern Distribution Network'),
      ...project('lapis-lazuli-corridor', null, 'Lapis Lazuli corridor'),
      ...project('baku-tbilisi-kars-railway', null, 'Baku–Tbilisi–Kars railway'),
      ...project('trans-caspian-international-transport-route', null, 'Trans-Caspian International Transport Route', 'Middle Corridor'),
    ],
    times: [
      ['2002', '2002'], ['2003', '2003'], ['2021', '2021'], ['2000s', '200X'], ['2010s', '201X'], ['August 2021', '2021-08'],
      ['November 2024', '2024-11'], ['November 2017', '2017-11'], ['October 2017', '2017-10'], ['mid-2022', '2022'],
      ['1 December 2017', '2017-12-01'], ['2019', '2019'],
    ],
    notTimes: [],
    quantities: [['120 troops', 120, 'people'], ['300 km', 300, 'km']],
  },
};

const isWordChar = (ch) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Every word-bounded occurrence of each form, longest first, keeping only non-overlapping ones. */
function locate(text, forms) {
  const candidates = [];
  for (const form of forms) {
    for (let at = text.indexOf(form.text); at !== -1; at = text.indexOf(form.text, at + 1)) {
      const end = at + form.text.length;
      if (isWordChar(text[at - 1]) || isWordChar(text[end])) continue;
      candidates.push({ ...form, start: at, end });
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept = [];
  for (const c of candidates) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

for (const [slug, p] of Object.entries(profiles)) {
  const text = readFileSync(join(here, `${slug}.txt`), 'utf8');
  const lexicon = [...p.lexicon, ...common].map(([t, type, entity, iso]) => ({ text: t, type, entity, country: iso }));
  const mentions = locate(text, lexicon).map(({ start, end, text: t, type, country: c, entity }) => ({ start, end, text: t, type, country: c, entity }));
  const times = locate(text, p.times.map(([t, value]) => ({ text: t, value }))).map(({ start, end, text: t, value }) => ({ start, end, text: t, value }));
  const quantities = locate(text, p.quantities.map(([t, value, unit]) => ({ text: t, value, unit })));
  for (const [t] of p.quantities) {
    const n = quantities.filter((q) => q.text === t).length;
    if (n !== 1) throw new Error(`${slug}: quantity "${t}" found ${n} times`);
  }
  const lines = text.split('\n');
  const interests = lines
    .map((line) => /^(\d+)\. (.+)$/.exec(line))
    .filter((m) => m !== null)
    .map((m, i) => ({ rank: Number(m[1]), title: m[2], theme: p.themes[i] }));
  if (interests.length !== p.themes.length) throw new Error(`${slug}: ${interests.length} interests, ${p.themes.length} themes`);
  const gold = {
    document: `${slug}.txt`,
    actor: p.actor,
    interests,
    mentions,
    times,
    not_times: p.notTimes,
    quantities: quantities.map(({ start, end, text: t, value, unit }) => ({ start, end, text: t, value, unit })),
  };
  writeFileSync(join(here, `${slug}.gold.json`), `${JSON.stringify(gold, null, 1)}\n`);
  console.log(`${slug}: ${mentions.length} mentions, ${times.length} times, ${quantities.length} quantities, ${interests.length} interests`);
}
