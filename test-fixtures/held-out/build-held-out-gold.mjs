#!/usr/bin/env node
// Annotation helper for the held-out profiles: turns the hand-made annotation tables below
// (surface forms with their type, entity and country; dates with EDTF values; quantities)
// into `<slug>.gold.json` with UTF-16 offsets, so offsets never have to be counted by hand.
// Every occurrence of a listed surface form is annotated, longest form first, without
// nesting. The tables are the annotation; this script only locates them. Re-run with
// `node test-fixtures/held-out/build-held-out-gold.mjs` after editing a profile, then run
// check-held-out.mjs.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { country, doc, org, person, place, project, writeGoldFiles } from './gold-builder.mjs';

const here = dirname(fileURLToPath(import.meta.url));


/** Surface forms shared by all four profiles. */
const common = [
  ...country('AFG', 'Afghanistan', 'Afghan', 'Afghans'),
  ...country('SAU', 'Saudi Arabia', 'Saudi', 'Saudis'),
  ...country('ARE', 'United Arab Emirates', 'UAE', 'Emirates', 'Emirati', 'Emiratis'),
  ...country('JPN', 'Japan', 'Japanese'),
  ...country('DEU', 'Germany', 'German', 'Germans'),
  ...country('USA', 'United States', 'American', 'Americans'),
  ...country('PAK', 'Pakistan', 'Pakistani'),
  ...country('IRN', 'Iran', 'Iranian'),
  ...country('QAT', 'Qatar', 'Qatari'),
  ...country('TUR', 'Turkish'),
  ...country('SYR', 'Syrians'),
  ...country('TJK', 'Tajik'),
  ...country('TKM', 'Turkmen'),
  ...country('KGZ', 'Kyrgyz'),
  ...country('UZB', 'Uzbekistan'),
  ...place('kabul', 'AFG', 'Kabul'),
  ...place('kandahar', 'AFG', 'Kandahar'),
  ...place('herat', 'AFG', 'Herat'),
  ...place('mazar-i-sharif', 'AFG', 'Mazar-i-Sharif'),
  ...place('kunduz', 'AFG', 'Kunduz'),
  ...place('faizabad', 'AFG', 'Faizabad'),
  ...place('jalalabad', 'AFG', 'Jalalabad'),
  ...place('nangarhar', 'AFG', 'Nangarhar'),
  ...place('paktika', 'AFG', 'Paktika'),
  ...place('khost', 'AFG', 'Khost'),
  ...place('camp-marmal', 'AFG', 'Camp Marmal'),
  ...place('riyadh', 'SAU', 'Riyadh'),
  ...place('mecca', 'SAU', 'Mecca'),
  ...place('medina', 'SAU', 'Medina'),
  ...place('jeddah', 'SAU', 'Jeddah'),
  ...place('abu-dhabi', 'ARE', 'Abu Dhabi'),
  ...place('dubai', 'ARE', 'Dubai'),
  ...place('tokyo', 'JPN', 'Tokyo'),
  ...place('berlin', 'DEU', 'Berlin'),
  ...place('bonn', 'DEU', 'Bonn'),
  ...place('mannheim', 'DEU', 'Mannheim'),
  ...place('islamabad', 'PAK', 'Islamabad'),
  ...place('peshawar', 'PAK', 'Peshawar'),
  ...place('doha', 'QAT', 'Doha'),
  ...place('ankara', 'TUR', 'Ankara'),
  ...place('bandar-abbas', 'IRN', 'Bandar Abbas'),
  ...place('washington', 'USA', 'Washington'),
  ...place('moscow', 'RUS', 'Moscow'),
  ...place('persian-gulf', null, 'Persian Gulf'),
  ...place('kunar-river', null, 'Kunar River'),
  ...place('central-asia', null, 'Central Asia'),
  ...place('europe', null, 'Europe'),
  ...org('taliban', null, 'Taliban'),
  ...org('al-qaeda', null, 'al-Qaeda'),
  ...org('islamic-state', null, 'Islamic State'),
  ...org('islamic-state-khorasan-province', null, 'ISKP'),
  ...org('haqqani-network', null, 'Haqqani network'),
  ...org('united-nations', null, 'UN', 'United Nations'),
  ...org('united-nations-security-council', null, 'UN Security Council'),
  ...org('united-nations-human-rights-council', null, 'UN Human Rights Council'),
  ...org('united-nations-assistance-mission-in-afghanistan', null, 'UNAMA'),
  ...org('united-nations-development-programme', null, 'UNDP'),
  ...org('united-nations-childrens-fund', null, 'UNICEF'),
  ...org('united-nations-high-commissioner-for-refugees', null, 'UNHCR'),
  ...org('united-nations-office-on-drugs-and-crime', null, 'UNODC'),
  ...org('world-food-programme', null, 'World Food Programme'),
  ...org('north-atlantic-treaty-organization', null, 'NATO'),
  ...org('organisation-of-islamic-cooperation', null, 'Organisation of Islamic Cooperation', 'OIC'),
  ...org('islamic-development-bank', null, 'Islamic Development Bank'),
  ...org('gulf-cooperation-council', null, 'Gulf Cooperation Council'),
  ...doc('doha-agreement', null, 'Doha Agreement'),
  ...doc('bonn-agreement', null, 'Bonn Agreement'),
  ...doc('united-nations-security-council-resolution-2681', null, 'Resolution 2681'),
];

const profiles = {
  'saudi-arabia': {
    actor: { name: 'Saudi Arabia', country: 'SAU' },
    themes: ['extremism', 'diplomacy', 'humanitarian'],
    lexicon: [
      ...person('osama-bin-laden', null, 'Osama bin Laden'),
      ...person('ayman-al-zawahiri', null, 'Ayman al-Zawahiri'),
      ...person('hamid-karzai', 'AFG', 'Hamid Karzai'),
      ...person('ashraf-ghani', 'AFG', 'Ashraf Ghani'),
      ...person('abdullah-bin-abdulaziz', 'SAU', 'Abdullah'),
      ...person('faisal-bin-farhan', 'SAU', 'Faisal bin Farhan'),
      ...org('king-salman-humanitarian-aid-and-relief-centre', 'SAU', 'King Salman Humanitarian Aid and Relief Centre', 'KSrelief'),
      ...project('afghanistan-humanitarian-trust-fund', null, 'Afghanistan Humanitarian Trust Fund'),
      ...doc('vision-2030', 'SAU', 'Vision 2030'),
    ],
    times: [
      ['1980s', '198X'], ['1990s', '199X'], ['11 September 2001', '2001-09-11'],
      ['Between 2002 and 2021', '2002/2021'], ['2008', '2008'], ['15 August 2021', '2021-08-15'],
      ['late 2021', '2021'], ['early 2023', '2023'], ['July 2022', '2022-07'], ['February 2020', '2020-02'],
      ['mid-2018', '2018'], ['19 December 2021', '2021-12-19'], ['June 2022', '2022-06'],
      ['October 2023', '2023-10'], ['2022', '2022'],
    ],
    notTimes: ['2030'],
    quantities: [
      ['$266 million', 266e6, 'USD'], ['half', 0.5, 'share'], ['24 million people', 24e6, 'people'],
      ['75 percent', 0.75, 'share'], ['20 percent', 0.2, 'share'],
    ],
  },
  'united-arab-emirates': {
    actor: { name: 'United Arab Emirates', country: 'ARE' },
    themes: ['trade', 'extremism', 'diplomacy', 'humanitarian'],
    lexicon: [
      ...person('juma-mohammed-abdullah-al-kaabi', 'ARE', 'Juma Mohammed Abdullah Al Kaabi'),
      ...person('ashraf-ghani', 'AFG', 'Ashraf Ghani'),
      ...person('mohamed-bin-zayed', 'ARE', 'Mohamed bin Zayed'),
      ...person('sirajuddin-haqqani', 'AFG', 'Sirajuddin Haqqani'),
      ...person('lana-nusseibeh', 'ARE', 'Lana Nusseibeh'),
      ...person('abdullah-bin-zayed', 'ARE', 'Abdullah bin Zayed'),
      ...org('gaac-holding', null, 'GAAC Holding'),
      ...org('emirates-red-crescent', null, 'Emirates Red Crescent'),
    ],
    times: [
      ['1990s', '199X'], ['11 September 2001', '2001-09-11'], ['between 2002 and 2021', '2002/2021'],
      ['10 January 2017', '2017-01-10'], ['August 2021', '2021-08'], ['June 2024', '2024-06'],
      ['August 2024', '2024-08'], ['May 2022', '2022-05'], ['2017', '2017'], ['2022', '2022'],
      ['2023', '2023'], ['April 2023', '2023-04'], ['mid-2022', '2022'],
    ],
    notTimes: ['2681'],
    quantities: [['five diplomats', 5, 'people'], ['5,000 people', 5000, 'people']],
  },
  japan: {
    actor: { name: 'Japan', country: 'JPN' },
    themes: ['humanitarian', 'governance', 'water', 'security'],
    lexicon: [
      ...person('sadako-ogata', 'JPN', 'Sadako Ogata'),
      ...person('feridun-sinirlioglu', null, 'Feridun Sinirlioğlu'),
      ...person('roza-otunbayeva', null, 'Roza Otunbayeva'),
      ...person('tetsu-nakamura', 'JPN', 'Tetsu Nakamura'),
      ...org('japan-international-cooperation-agency', 'JPN', 'JICA'),
      ...org('japan-self-defense-forces', 'JPN', 'Japan Self-Defense Forces'),
      ...org('peace-japan-medical-services', null, 'Peace Japan Medical Services'),
      ...project('law-and-order-trust-fund-for-afghanistan', null, 'Law and Order Trust Fund for Afghanistan'),
      ...doc('tokyo-mutual-accountability-framework', null, 'Tokyo Mutual Accountability Framework'),
    ],
    times: [
      ['between 2002 and 2021', '2002/2021'], ['January 2002', '2002-01'], ['December 2001', '2001-12'],
      ['July 2012', '2012-07'], ['August 2021', '2021-08'], ['1990s', '199X'], ['late 2021', '2021'],
      ['2022', '2022'], ['2023', '2023'], ['2024', '2024'], ['April 2023', '2023-04'],
      ['November 2023', '2023-11'], ['4 December 2019', '2019-12-04'], ['April 2022', '2022-04'],
    ],
    notTimes: ['2681'],
    quantities: [
      ['$4.5 billion', 4.5e9, 'USD'], ['$16 billion', 16e9, 'USD'], ['$5 billion', 5e9, 'USD'],
      ['24 million people', 24e6, 'people'], ['half', 0.5, 'share'], ['25 km', 25, 'km'], ['95 percent', 0.95, 'share'],
    ],
  },
  germany: {
    actor: { name: 'Germany', country: 'DEU' },
    themes: ['migration', 'humanitarian', 'governance', 'extremism'],
    lexicon: [
      ...person('amanullah-khan', 'AFG', 'Amanullah'),
      ...person('georg-klein', 'DEU', 'Georg Klein'),
      ...person('olaf-scholz', 'DEU', 'Olaf Scholz'),
      ...person('svenja-schulze', 'DEU', 'Svenja Schulze'),
      ...person('annalena-baerbock', 'DEU', 'Annalena Baerbock'),
      ...org('amani-high-school', null, 'Amani High School'),
      ...org('bundeswehr', 'DEU', 'Bundeswehr'),
      ...org('regional-command-north', null, 'Regional Command North'),
      ...org('deutsche-gesellschaft-fur-internationale-zusammenarbeit', 'DEU', 'GIZ'),
      ...org('kfw', 'DEU', 'KfW'),
      ...project('federal-admission-programme', 'DEU', 'Federal Admission Programme'),
    ],
    times: [
      ['1920s', '192X'], ['1928', '1928'], ['December 2001', '2001-12'], ['between 2002 and 2021', '2002/2021'],
      ['4 September 2009', '2009-09-04'], ['29 June 2021', '2021-06-29'], ['August 2021', '2021-08'],
      ['October 2022', '2022-10'], ['May 2024', '2024-05'], ['30 August 2024', '2024-08-30'],
      ['mid-August 2021', '2021-08'], ['December 2022', '2022-12'], ['mid-2023', '2023'], ['2001', '2001'],
    ],
    notTimes: [],
    quantities: [
      ['59 soldiers', 59, 'people'], ['5,000 people', 5000, 'people'], ['1,000 people', 1000, 'people'],
      ['28 people', 28, 'people'], ['75 percent', 0.75, 'share'],
    ],
  },
};

writeGoldFiles(here, profiles, common);
