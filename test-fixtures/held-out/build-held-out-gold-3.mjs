#!/usr/bin/env node
// Annotation helper for the third set of held-out profiles (Canada, Indonesia, Egypt), in the
// same way as build-held-out-gold.mjs and build-held-out-gold-2.mjs: the hand-made tables below
// (surface forms with type, entity and country; dates with EDTF values; quantities) are the
// annotation, and this script only locates every word-bounded occurrence, longest form first,
// without nesting, and writes `<slug>.gold.json` with UTF-16 offsets. Entities shared with the
// earlier sets keep the same ids, types and countries. Re-run with
// `node test-fixtures/held-out/build-held-out-gold-3.mjs` after editing one of these profiles,
// then run check-held-out.mjs.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { country, doc, org, person, place, project, writeGoldFiles } from './gold-builder.mjs';

const here = dirname(fileURLToPath(import.meta.url));


/** Surface forms shared by the three profiles of this set (and, with the same entities, by the earlier sets). */
const common = [
  ...country('AFG', 'Afghanistan', 'Afghan', 'Afghans'),
  ...country('CAN', 'Canada', 'Canadian', 'Canadians'),
  ...country('IDN', 'Indonesia', 'Indonesian', 'Indonesians'),
  ...country('EGY', 'Egypt', 'Egyptian', 'Egyptians'),
  ...country('USA', 'United States', 'US', 'American', 'Americans'),
  ...country('PAK', 'Pakistan', 'Pakistani'),
  ...country('QAT', 'Qatar', 'Qatari'),
  ...country('IRN', 'Iran', 'Iranian'),
  ...country('SAU', 'Saudi Arabia', 'Saudi', 'Saudis'),
  ...country('ARE', 'United Arab Emirates', 'UAE', 'Emirati'),
  ...country('DEU', 'Germany', 'German'),
  ...country('AUS', 'Australia', 'Australian'),
  ...country('NLD', 'Netherlands', 'Dutch'),
  ...place('kabul', 'AFG', 'Kabul'),
  ...place('kandahar', 'AFG', 'Kandahar'),
  ...place('dahla-dam', 'AFG', 'Dahla Dam'),
  ...place('islamabad', 'PAK', 'Islamabad'),
  ...place('peshawar', 'PAK', 'Peshawar'),
  ...place('doha', 'QAT', 'Doha'),
  ...place('ottawa', 'CAN', 'Ottawa'),
  ...place('jakarta', 'IDN', 'Jakarta'),
  ...place('bogor', 'IDN', 'Bogor'),
  ...place('bali', 'IDN', 'Bali'),
  ...place('cairo', 'EGY', 'Cairo'),
  ...place('luxor', 'EGY', 'Luxor'),
  ...place('sinai', 'EGY', 'Sinai'),
  ...org('taliban', null, 'Taliban'),
  ...org('al-qaeda', null, 'al-Qaeda'),
  ...org('islamic-state', null, 'Islamic State'),
  ...org('islamic-state-khorasan-province', null, 'Islamic State Khorasan Province', 'ISKP'),
  ...org('united-nations', null, 'UN', 'United Nations'),
  ...org('united-nations-security-council', null, 'UN Security Council'),
  ...org('united-nations-childrens-fund', null, 'UNICEF'),
  ...org('world-food-programme', null, 'World Food Programme', 'WFP'),
  ...org('international-committee-of-the-red-cross', null, 'ICRC'),
  ...org('international-security-assistance-force', null, 'International Security Assistance Force', 'ISAF'),
  ...org('organisation-of-islamic-cooperation', null, 'Organisation of Islamic Cooperation', 'OIC'),
  ...person('ashraf-ghani', 'AFG', 'Ashraf Ghani'),
  ...person('ayman-al-zawahiri', null, 'Ayman al-Zawahiri'),
  ...person('osama-bin-laden', null, 'Osama bin Laden'),
  ...project('afghanistan-humanitarian-trust-fund', null, 'Afghanistan Humanitarian Trust Fund'),
  ...doc('doha-agreement', null, 'Doha Agreement'),
];

const profiles = {
  canada: {
    actor: { name: 'Canada', country: 'CAN' },
    themes: ['migration', 'humanitarian', 'governance'],
    lexicon: [
      ...person('glyn-berry', 'CAN', 'Glyn Berry'),
      ...person('justin-trudeau', 'CAN', 'Justin Trudeau'),
      ...person('sean-fraser', 'CAN', 'Sean Fraser'),
      ...person('melanie-joly', 'CAN', 'Mélanie Joly'),
      ...org('canadian-armed-forces', 'CAN', 'Canadian Armed Forces', 'CAF'),
      ...org('royal-canadian-air-force', 'CAN', 'Royal Canadian Air Force'),
      ...org('immigration-refugees-and-citizenship-canada', 'CAN', 'Immigration, Refugees and Citizenship Canada', 'IRCC'),
      ...org('parliament-of-canada', 'CAN', 'Parliament'),
      ...org('international-court-of-justice', null, 'International Court of Justice', 'ICJ'),
      ...doc('criminal-code-of-canada', 'CAN', 'Criminal Code'),
      ...doc('bill-c-41', 'CAN', 'Bill C-41'),
      ...doc('feminist-international-assistance-policy', 'CAN', 'Feminist International Assistance Policy'),
      ...doc('convention-on-the-elimination-of-all-forms-of-discrimination-against-women', null,
        'Convention on the Elimination of All Forms of Discrimination against Women', 'CEDAW'),
    ],
    times: [
      ['late 2001', '2001'], ['2003', '2003'], ['from 2006 to 2011', '2006/2011'], ['March 2014', '2014-03'],
      ['15 January 2006', '2006-01-15'], ['Between 2001 and 2014', '2001/2014'], ['15 August 2021', '2021-08-15'],
      ['summer of 2021', '2021-22'], ['autumn of 2021', '2021-23'], ['August 2021', '2021-08'], ['late 2023', '2023'],
      ['2022', '2022'], ['June 2023', '2023-06'], ['2017', '2017'], ['September 2024', '2024-09'],
    ],
    notTimes: [],
    quantities: [
      ['10,000 km', 10000, 'km'], ['40,000 Canadians', 40000, 'people'], ['158 Canadian soldiers', 158, 'people'],
      ['$3 billion', 3e9, 'USD'], ['20,000 Afghans', 20000, 'people'], ['40,000 people', 40000, 'people'],
      ['3,700 people', 3700, 'people'], ['half', 0.5, 'share'],
    ],
  },
  indonesia: {
    actor: { name: 'Indonesia', country: 'IDN' },
    themes: ['diplomacy', 'governance', 'extremism'],
    lexicon: [
      ...person('joko-widodo', 'IDN', 'Joko Widodo'),
      ...person('jusuf-kalla', 'IDN', 'Jusuf Kalla'),
      ...person('retno-marsudi', 'IDN', 'Retno Marsudi'),
      ...person('abdul-ghani-baradar', 'AFG', 'Abdul Ghani Baradar'),
      ...org('indonesian-air-force', 'IDN', 'Indonesian Air Force'),
      ...org('nahdlatul-ulama', null, 'Nahdlatul Ulama', 'NU'),
      ...org('jemaah-islamiyah', null, 'Jemaah Islamiyah', 'JI'),
      ...org('national-counter-terrorism-agency', 'IDN', 'National Counter Terrorism Agency', 'BNPT'),
      ...org('detachment-88', 'IDN', 'Detachment 88'),
    ],
    times: [
      ['late 2010s', '201X'], ['29 January 2018', '2018-01-29'], ['May 2018', '2018-05'], ['July 2019', '2019-07'],
      ['from 2014 to 2024', '2014/2024'], ['mid-2010s', '201X'], ['December 2022', '2022-12'], ['1980s', '198X'],
      ['early 1990s', '199X'], ['12 October 2002', '2002-10-12'],
    ],
    notTimes: [],
    quantities: [
      ['270 million people', 270e6, 'people'], ['87 percent', 0.87, 'share'], ['6,000 km', 6000, 'km'],
      ['100 people', 100, 'people'], ['26 Indonesians', 26, 'people'], ['half', 0.5, 'share'], ['202 people', 202, 'people'],
    ],
  },
  egypt: {
    actor: { name: 'Egypt', country: 'EGY' },
    themes: ['extremism', 'governance', 'diplomacy', 'security'],
    lexicon: [
      ...person('abdel-fattah-el-sisi', 'EGY', 'Abdel Fattah el-Sisi'),
      ...person('saif-al-adel', null, 'Saif al-Adel'),
      ...person('ahmed-el-tayeb', 'EGY', 'Ahmed el-Tayeb'),
      ...person('sameh-shoukry', 'EGY', 'Sameh Shoukry'),
      ...org('al-azhar', null, 'Al-Azhar'),
      ...org('egyptian-islamic-jihad', null, 'Egyptian Islamic Jihad'),
      ...org('muslim-brotherhood', null, 'Muslim Brotherhood'),
      ...org('al-gamaa-al-islamiyya', null, "al-Gama'a al-Islamiyya"),
      ...org('league-of-arab-states', null, 'League of Arab States'),
    ],
    times: [
      ['1980s', '198X'], ['early 1990s', '199X'], ['31 July 2022', '2022-07-31'], ['February 2020', '2020-02'],
      ['late 1990s', '199X'], ['December 2013', '2013-12'], ['1990s', '199X'], ['17 November 1997', '1997-11-17'],
      ['2023', '2023'], ['between 2014 and 2022', '2014/2022'], ['December 2022', '2022-12'], ['mid-2024', '2024'],
      ['19 December 2021', '2021-12-19'], ['2016', '2016'], ['2017', '2017'], ['August 2021', '2021-08'],
    ],
    notTimes: [],
    quantities: [['3,500 km', 3500, 'km'], ['62 people', 62, 'people'], ['100 million people', 100e6, 'people']],
  },
};

writeGoldFiles(here, profiles, common, { requireEveryForm: true });
