// Builds the gold files of test-fixtures/time-coref-blind from the annotation tables below.
// Spans are located by text, never typed by hand: an evidence sentence must occur exactly once
// in its document; a short surface ("the group", "he") is found as the n-th word-bounded
// occurrence at or after a unique anchor string; an antecedent is the last word-bounded
// occurrence of its text before the mention. Offsets are UTF-16 code units (JS string indices).
// Re-run after editing a document:  node test-fixtures/time-coref-blind/build-time-coref-blind-gold.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// Names a scorer may treat as the same entity (non-country entities only).
const NAMES = {
  'taliban': ['Taliban', 'Islamic Emirate', 'Islamic Emirate of Afghanistan', 'Taliban government', 'Taliban authorities'],
  'organisation-of-islamic-cooperation': ['Organisation of Islamic Cooperation', 'Organization of Islamic Cooperation', 'OIC'],
  'tehrik-i-taliban-pakistan': ['Tehrik-i-Taliban Pakistan', 'TTP', 'Pakistani Taliban'],
  'islamic-state-khorasan-province': ['Islamic State – Khorasan Province', 'Islamic State Khorasan Province', 'ISKP', 'ISIS-K', 'IS-K'],
  'china-pakistan-economic-corridor': ['China-Pakistan Economic Corridor', 'China–Pakistan Economic Corridor', 'CPEC'],
  'trans-afghan-railway': ['trans-Afghan railway', 'Trans-Afghan Railway', 'Uzbekistan-Afghanistan-Pakistan railway'],
  'casa-1000': ['CASA-1000', 'CASA 1000', 'Central Asia–South Asia power project'],
  'tapi': ['TAPI', 'TAPI pipeline', 'TAPI gas pipeline', 'Turkmenistan–Afghanistan–Pakistan–India pipeline'],
  'iran-pakistan-gas-pipeline': ['Iran–Pakistan gas pipeline', 'Iran–Pakistan pipeline', 'Iran–Pakistan–India pipeline', 'IP pipeline', 'IPI pipeline', 'Peace Pipeline'],
  'shanghai-cooperation-organisation': ['Shanghai Cooperation Organisation', 'Shanghai Cooperation Organization', 'SCO'],
  'ishaq-dar': ['Ishaq Dar', 'Dar'],
  'amir-khan-muttaqi': ['Amir Khan Muttaqi', 'Muttaqi', 'Amir Khan Muttaki'],
  'northern-alliance': ['Northern Alliance', 'United Islamic Front'],
  'khaf-herat-railway': ['Khaf–Herat railway', 'Khaf-Herat railway', 'Khaf–Herat line'],
  'hossein-amir-abdollahian': ['Hossein Amir-Abdollahian', 'Amir-Abdollahian'],
  'supreme-court-of-russia': ['Supreme Court of Russia', 'Supreme Court', 'Russian Supreme Court'],
  'moscow-format': ['Moscow format', 'Moscow Format', 'Moscow format consultations'],
  'collective-security-treaty-organization': ['Collective Security Treaty Organization', 'Collective Security Treaty Organisation', 'CSTO'],
  'zamir-kabulov': ['Zamir Kabulov', 'Kabulov'],
  'india-ports-global-limited': ['India Ports Global Limited', 'IPGL', 'India Ports Global'],
  'world-food-programme': ['World Food Programme', 'World Food Program', 'WFP'],
  'international-north-south-transport-corridor': ['International North–South Transport Corridor', 'International North-South Transport Corridor', 'INSTC', 'North–South Transport Corridor'],
  'intra-afghan-negotiations': ['intra-Afghan negotiations', 'intra-Afghan talks'],
  'qatar-fund-for-development': ['Qatar Fund for Development', 'QFFD'],
  'doha-process': ['Doha process', 'Doha Process', 'UN-led Doha process'],
  'united-nations': ['United Nations', 'UN', 'U.N.'],
  'united-nations-assistance-mission-in-afghanistan': ['United Nations Assistance Mission in Afghanistan', 'UNAMA', 'UN Assistance Mission in Afghanistan'],
  'roza-otunbayeva': ['Roza Otunbayeva', 'Otunbayeva'],
  'zalmay-khalilzad': ['Zalmay Khalilzad', 'Khalilzad'],
  'abdul-ghani-baradar': ['Abdul Ghani Baradar', 'Baradar', 'Mullah Baradar'],
  'farida-nazarova': ['Farida Nazarova', 'Nazarova'],
  'turkmengaz': ['Turkmengaz'],
  'world-bank': ['World Bank'],
};

// R(subject, predicate, object, negated, valid, current, evidence sentence, extra fields)
const R = (subject, predicate, object, negated, valid, current, ev, extra = {}) =>
  ({ subject, predicate, object, negated, valid, current, ev, ...extra });

const DOCS = [
  {
    file: 'profile-pakistan.txt', kind: 'profile', published: null,
    relations: [
      R('PAK', 'borders', 'AFG', false, null, true, 'Pakistan borders Afghanistan along the Durand Line, a frontier of roughly 2,600 km that no Afghan government has formally accepted, and no neighbour has been more entangled in Afghan politics.'),
      R('PAK', 'recognizes', 'taliban', false, '1997-05/2001-11', false, 'Islamabad recognized the Taliban government in May 1997 and kept that recognition until November 2001, when it closed the Taliban embassy in Islamabad.'),
      R('SAU', 'recognizes', 'taliban', false, '199X/2001-09', false, 'Saudi Arabia and the United Arab Emirates also recognized the movement in the late 1990s, but both cut their ties in September 2001.'),
      R('ARE', 'recognizes', 'taliban', false, '199X/2001-09', false, 'Saudi Arabia and the United Arab Emirates also recognized the movement in the late 1990s, but both cut their ties in September 2001.'),
      R('PAK', 'hosts', 'AFG', false, '1979/..', true, 'For more than four decades Pakistan has hosted Afghan refugees, first those who fled the Soviet invasion of 1979 and later those uprooted by each new round of fighting.', { what: 'Afghan refugees' }),
      R('PAK', 'recognizes', 'taliban', true, null, true, 'Pakistan does not recognize the Taliban government, and officials in Islamabad describe their contacts with Kabul as practical rather than political.'),
      R('PAK', 'hosts', 'organisation-of-islamic-cooperation', false, '2021-12', false, 'In December 2021 Pakistan hosted an extraordinary session of the Organisation of Islamic Cooperation on Afghanistan, and the organisation agreed there to set up a humanitarian trust fund.', { what: 'an extraordinary session' }),
      R('PAK', 'opposes', 'tehrik-i-taliban-pakistan', false, '2007/..', true, "Pakistan has opposed Tehrik-i-Taliban Pakistan (TTP) since the group emerged in 2007, and it accuses Kabul of giving the group's fighters sanctuary across the border."),
      R('taliban', 'hosts', 'tehrik-i-taliban-pakistan', false, null, true, "Pakistan has opposed Tehrik-i-Taliban Pakistan (TTP) since the group emerged in 2007, and it accuses Kabul of giving the group's fighters sanctuary across the border.", { what: 'TTP fighters (an accusation, reported speech)', optional: true }),
      R('PAK', 'opposes', 'islamic-state-khorasan-province', false, null, true, 'The TTP is not the only threat: Islamabad also opposes the Islamic State – Khorasan Province (ISKP), which has attacked rallies and mosques in Khyber Pakhtunkhwa.'),
      R('PAK', 'interested_in', 'china-pakistan-economic-corridor', false, null, true, "Islamabad is interested in extending the China-Pakistan Economic Corridor (CPEC) into Afghanistan, and the corridor's planners have floated a motorway from Peshawar to Kabul as a first step."),
      R('PAK', 'interested_in', 'trans-afghan-railway', false, null, true, 'Pakistan hopes, too, that the trans-Afghan railway from Uzbekistan will one day reach Peshawar.'),
      R('PAK', 'participates_in', 'casa-1000', false, null, true, 'Pakistan participates in CASA-1000, a power line meant to carry Kyrgyz and Tajik summer electricity across Afghanistan to Pakistan; the project stalled after August 2021 and work on the Afghan section resumed only in 2024.'),
      R('PAK', 'participates_in', 'tapi', false, null, true, 'Pakistan is a partner in both the TAPI gas pipeline from Turkmenistan and the Iran–Pakistan gas pipeline, and the pipeline has been promised to Pakistani industry for nearly three decades.'),
      R('PAK', 'participates_in', 'iran-pakistan-gas-pipeline', false, null, true, 'Pakistan is a partner in both the TAPI gas pipeline from Turkmenistan and the Iran–Pakistan gas pipeline, and the pipeline has been promised to Pakistani industry for nearly three decades.'),
      R('PAK', 'member_of', 'shanghai-cooperation-organisation', false, '2017/..', true, "Pakistan has been a member of the Shanghai Cooperation Organisation since 2017, and in October 2024 Islamabad hosted a meeting of the bloc's heads of government."),
      R('PAK', 'hosts', 'shanghai-cooperation-organisation', false, '2024-10', false, "Pakistan has been a member of the Shanghai Cooperation Organisation since 2017, and in October 2024 Islamabad hosted a meeting of the bloc's heads of government.", { what: 'a meeting of the heads of government', optional: true }),
    ],
    contradictions: [],
    coreference: [
      { text: 'the movement', anchor: 'also recognized the movement', entity: 'taliban', ant: 'Taliban' },
      { text: 'the organisation', anchor: 'and the organisation agreed', entity: 'organisation-of-islamic-cooperation', ant: 'Organisation of Islamic Cooperation' },
      { text: 'the group', anchor: 'since the group emerged', entity: 'tehrik-i-taliban-pakistan', ant: 'TTP' },
      { text: 'the group', anchor: "giving the group's", entity: 'tehrik-i-taliban-pakistan', ant: 'TTP' },
      { text: 'the corridor', anchor: "the corridor's planners", entity: 'china-pakistan-economic-corridor', ant: 'CPEC' },
      { text: 'the project', anchor: 'the project stalled', entity: 'casa-1000', ant: 'CASA-1000' },
      { text: 'the bloc', anchor: "the bloc's heads", entity: 'shanghai-cooperation-organisation', ant: 'Shanghai Cooperation Organisation' },
      { text: 'he', anchor: 'where he met', entity: 'ishaq-dar', ant: 'Ishaq Dar' },
    ],
    no_coreference: [
      { text: 'the group', anchor: 'the group was blamed', why: 'two armed groups (TTP, ISKP) are named earlier in the paragraph' },
      { text: 'the organisation', anchor: 'asking the organisation', why: 'its referent (the OIC) is named in another paragraph; no organisation is named in this one' },
      { text: 'the pipeline', anchor: 'and the pipeline has been promised', why: 'two pipelines (TAPI, Iran–Pakistan) were just named' },
      { text: 'he', anchor: 'how much he conceded', why: 'two people (Ishaq Dar, Amir Khan Muttaqi) are possible' },
    ],
    never_entities: [
      { text: 'officials', anchor: 'and officials in Islamabad' },
      { text: 'the government', anchor: 'when the government launched' },
      { text: 'delegation', anchor: 'trade delegation from Kabul' },
      { text: 'the ministry', anchor: 'before the ministry' },
      { text: 'working group', anchor: 'Any working group' },
    ],
  },
  {
    file: 'profile-iran.txt', kind: 'profile', published: null,
    relations: [
      R('IRN', 'borders', 'AFG', false, null, true, "Iran borders Afghanistan for more than 900 km, from the Harirud valley in the north to the Helmand basin in the south, and it has lived with every Afghan government's failures at close range."),
      R('IRN', 'opposes', 'taliban', false, '1996/2001', false, 'Between 1996 and 2001 Tehran opposed the Taliban outright.'),
      R('IRN', 'supplies', 'northern-alliance', false, '199X', false, 'It armed and financed the Northern Alliance through the late 1990s, and after Iranian diplomats were killed in Mazar-i-Sharif in August 1998 it massed troops on the border.', { what: 'arms' }),
      R('IRN', 'provides_aid_to', 'northern-alliance', false, '199X', false, 'It armed and financed the Northern Alliance through the late 1990s, and after Iranian diplomats were killed in Mazar-i-Sharif in August 1998 it massed troops on the border.', { what: 'money', optional: true }),
      R('IRN', 'recognizes', 'taliban', true, null, true, 'Iran does not recognize the Taliban government, yet since February 2023 it has hosted Taliban-appointed diplomats at the Afghan embassy in Tehran, and its own embassy in Kabul never closed.'),
      R('IRN', 'hosts', 'taliban', false, '2023-02/..', true, 'Iran does not recognize the Taliban government, yet since February 2023 it has hosted Taliban-appointed diplomats at the Afghan embassy in Tehran, and its own embassy in Kabul never closed.', { what: 'Taliban-appointed diplomats' }),
      R('IRN', 'hosts', 'AFG', false, null, true, "Iran also hosts one of the world's largest Afghan diasporas, several million people, many of them without papers.", { what: 'Afghan diaspora' }),
      R('IRN', 'opposes', 'islamic-state-khorasan-province', false, null, true, 'Iran opposes the organisation without reservation, and it presses the Taliban to act against its cells in Herat and Nimroz.'),
      R('IRN', 'supplies', 'AFG', false, null, true, "Iran supplies fuel and electricity to Afghanistan's western provinces, and by some counts it has overtaken Pakistan as Kabul's largest trading partner since 2021.", { what: 'fuel, electricity' }),
      R('IRN', 'participates_in', 'khaf-herat-railway', false, null, true, "The Khaf–Herat railway, opened in December 2020, links the Iranian network to western Afghanistan; Iran participates in the line's extension toward Herat city, and Tehran hopes the railway will one day carry Afghan goods to the port of Chabahar."),
      R('IRN', 'supplies', 'northern-alliance', true, null, true, 'Iran no longer supplies the Northern Alliance, which dissolved after 2001, and its fuel tankers now pay duties at Taliban customs posts.'),
      R('AFG', 'supplies', 'IRN', false, null, true, 'Under the 1973 Helmand water treaty Afghanistan is to deliver 22 cubic metres per second to Iran in a normal year, and Tehran says it receives far less.', { what: 'Helmand water (a treaty obligation)', optional: true }),
      R('IRN', 'member_of', 'shanghai-cooperation-organisation', false, '2023-07/..', true, "Iran became a full member of the Shanghai Cooperation Organisation in July 2023, and Tehran uses the organisation to argue that Afghanistan's neighbours, rather than distant capitals, should set the terms of engagement."),
    ],
    contradictions: [],
    coreference: [
      { text: 'the group', anchor: 'the group treats', entity: 'islamic-state-khorasan-province', ant: 'Islamic State – Khorasan Province' },
      { text: 'the organisation', anchor: 'opposes the organisation', entity: 'islamic-state-khorasan-province', ant: 'Islamic State – Khorasan Province' },
      { text: 'the line', anchor: "the line's extension", entity: 'khaf-herat-railway', ant: 'Khaf–Herat railway' },
      { text: 'the railway', anchor: 'hopes the railway', entity: 'khaf-herat-railway', ant: 'Khaf–Herat railway' },
      { text: 'the organisation', anchor: 'uses the organisation', entity: 'shanghai-cooperation-organisation', ant: 'Shanghai Cooperation Organisation' },
      { text: 'the minister', anchor: 'the minister also met', entity: 'amir-khan-muttaqi', ant: 'Amir Khan Muttaqi' },
      { text: 'He', anchor: 'He was received', entity: 'amir-khan-muttaqi', ant: 'Amir Khan Muttaqi' },
    ],
    no_coreference: [
      { text: 'the railway', anchor: 'treat the railway', why: 'its referent (the Khaf–Herat railway) is named in another paragraph' },
      { text: 'he', anchor: 'whether he came away', why: 'two people (Amir Khan Muttaqi, Hossein Amir-Abdollahian) are possible' },
    ],
    never_entities: [
      { text: 'Officials', anchor: 'Officials in Tehran' },
      { text: 'team', anchor: 'joint team' },
      { text: 'the ministry', anchor: 'the ministry that owns' },
    ],
  },
  {
    file: 'profile-russia.txt', kind: 'profile', published: null,
    relations: [
      R('RUS', 'borders', 'AFG', true, null, true, "Russia does not border Afghanistan; Tajikistan, Uzbekistan and Turkmenistan lie between them, so Moscow's Afghan policy is largely a policy about Central Asia."),
      R('RUS', 'supplies', 'northern-alliance', false, '199X', false, 'In the 1990s Russia supplied weapons to the Northern Alliance, and in 2003 the Supreme Court of Russia listed the Taliban as a terrorist organisation.', { what: 'weapons' }),
      R('RUS', 'opposes', 'taliban', false, '2003/2025-04', false, 'From 2003 Russia opposed the Taliban as a matter of law, and the designation stayed in force until April 2025, when the court suspended it.'),
      R('RUS', 'recognizes', 'taliban', false, '2025-07-03/..', true, 'On 3 July 2025 Moscow became the first capital to recognize the Taliban government, and Russia has recognized the Islamic Emirate ever since; a Taliban-appointed ambassador now runs the Afghan embassy in Moscow.'),
      R('RUS', 'hosts', 'moscow-format', false, '2017/..', true, 'Russia also hosts the Moscow format, a consultation of regional states launched in 2017, and the format brought a Taliban delegation to Moscow in October 2021.'),
      R('taliban', 'participates_in', 'moscow-format', false, '2021-10', false, 'Russia also hosts the Moscow format, a consultation of regional states launched in 2017, and the format brought a Taliban delegation to Moscow in October 2021.'),
      R('RUS', 'leads', 'collective-security-treaty-organization', false, null, true, 'Russia leads the Collective Security Treaty Organization, and Tajikistan, which borders Afghanistan, has belonged to the organisation since its founding; the bloc has held exercises near the Tajik-Afghan border several times since 2021.'),
      R('TJK', 'borders', 'AFG', false, null, true, 'Russia leads the Collective Security Treaty Organization, and Tajikistan, which borders Afghanistan, has belonged to the organisation since its founding; the bloc has held exercises near the Tajik-Afghan border several times since 2021.'),
      R('TJK', 'member_of', 'collective-security-treaty-organization', false, null, true, 'Russia leads the Collective Security Treaty Organization, and Tajikistan, which borders Afghanistan, has belonged to the organisation since its founding; the bloc has held exercises near the Tajik-Afghan border several times since 2021.'),
      R('UZB', 'member_of', 'collective-security-treaty-organization', false, '../2012', false, 'Uzbekistan was a member of the CSTO until 2012.'),
      R('TJK', 'hosts', 'RUS', false, null, true, 'Russia keeps its 201st military base in Tajikistan as well.', { what: '201st military base' }),
      R('RUS', 'opposes', 'islamic-state-khorasan-province', false, null, true, 'Russia opposes ISKP and expects the Taliban to suppress its cells in the north.'),
      R('RUS', 'supplies', 'AFG', false, '2022-09/..', true, 'Since September 2022 Russia has supplied petrol, diesel, gas and wheat to Afghanistan under a provisional agreement, reportedly at discounted prices.', { what: 'petrol, diesel, gas, wheat' }),
      R('RUS', 'interested_in', 'trans-afghan-railway', false, null, true, "Russia is also interested in the trans-Afghan railway, which would open a route from Central Asia to Pakistan's ports."),
      R('zamir-kabulov', 'participates_in', 'moscow-format', false, null, false, 'Zamir Kabulov, the Kremlin\'s special envoy for Afghanistan, argued for such links for years, and the envoy was the face of Russian policy at every round of the Moscow format.', { optional: true }),
      R('RUS', 'member_of', 'shanghai-cooperation-organisation', false, null, true, 'Russia is a founding member of the Shanghai Cooperation Organisation as well as the dominant member of the CSTO, and it likes to present both as proof that the region can manage Afghanistan without the West; in that argument the organisation is a stand-in for regional ownership.'),
      R('RUS', 'member_of', 'collective-security-treaty-organization', false, null, true, 'Russia is a founding member of the Shanghai Cooperation Organisation as well as the dominant member of the CSTO, and it likes to present both as proof that the region can manage Afghanistan without the West; in that argument the organisation is a stand-in for regional ownership.'),
      R('RUS', 'recognizes', 'taliban', true, null, true, 'Yet Moscow has still not formally recognized the Taliban government, and its diplomats describe the relationship as a working one.'),
    ],
    contradictions: [
      { subject: 'RUS', predicate: 'recognizes', object: 'taliban',
        positive: 'On 3 July 2025 Moscow became the first capital to recognize the Taliban government, and Russia has recognized the Islamic Emirate ever since; a Taliban-appointed ambassador now runs the Afghan embassy in Moscow.',
        negated: 'Yet Moscow has still not formally recognized the Taliban government, and its diplomats describe the relationship as a working one.' },
    ],
    coreference: [
      { text: 'the court', anchor: 'when the court', entity: 'supreme-court-of-russia', ant: 'Supreme Court of Russia' },
      { text: 'the format', anchor: 'and the format brought', entity: 'moscow-format', ant: 'Moscow format' },
      { text: 'the organisation', anchor: 'belonged to the organisation', entity: 'collective-security-treaty-organization', ant: 'Collective Security Treaty Organization' },
      { text: 'the bloc', anchor: 'the bloc has held', entity: 'collective-security-treaty-organization', ant: 'Collective Security Treaty Organization' },
      { text: 'the group', anchor: 'held the group responsible', entity: 'islamic-state-khorasan-province', ant: 'Islamic State – Khorasan Province' },
      { text: 'the envoy', anchor: 'and the envoy was', entity: 'zamir-kabulov', ant: 'Zamir Kabulov' },
      { text: 'He', anchor: 'He met Amir', entity: 'zamir-kabulov', ant: 'Zamir Kabulov' },
    ],
    no_coreference: [
      { text: 'the bloc', anchor: 'Joint drills of the bloc', why: 'its referent (the CSTO) is named in another paragraph' },
      { text: 'he', anchor: 'whether he set the pace', why: 'two people (Zamir Kabulov, Amir Khan Muttaqi) are possible' },
      { text: 'the organisation', anchor: 'in that argument the organisation', why: 'two organisations (SCO, CSTO) were just named' },
    ],
    never_entities: [
      { text: 'delegation', anchor: 'Taliban delegation to Moscow' },
      { text: 'Officials', anchor: 'Officials in Moscow' },
      { text: 'officials', anchor: 'US officials held' },
      { text: 'working group', anchor: 'no working group' },
    ],
  },
  {
    file: 'article-india-chabahar.txt', kind: 'source', published: '2024-05-20',
    relations: [
      R('IND', 'recognizes', 'taliban', true, null, true, 'India does not recognize the Taliban government, and it has not reopened its embassy in Kabul; since June 2022 a technical team has worked from the embassy compound, handling aid shipments and consular questions.'),
      R('IND', 'provides_aid_to', 'AFG', false, '../2021', false, 'Until 2021 New Delhi provided aid to Afghanistan on a scale few donors matched, about $3 billion in roads, dams, schools and the parliament building in Kabul.'),
      R('IND', 'provides_aid_to', 'AFG', false, null, true, 'Since the takeover it has sent Afghanistan wheat, medicines and vaccines instead.', { what: 'wheat, medicines, vaccines' }),
      R('IND', 'supplies', 'AFG', false, '2022', false, 'India supplied 50,000 tonnes to Afghanistan in 2022, trucked through Pakistan after months of negotiation, and in 2023 it sent a further 20,000 tonnes through Chabahar in partnership with the World Food Programme, with the agency handling distribution inside Afghanistan.', { what: 'wheat' }),
      R('IND', 'supplies', 'AFG', false, '2023', false, 'India supplied 50,000 tonnes to Afghanistan in 2022, trucked through Pakistan after months of negotiation, and in 2023 it sent a further 20,000 tonnes through Chabahar in partnership with the World Food Programme, with the agency handling distribution inside Afghanistan.', { what: 'wheat' }),
      R('world-food-programme', 'provides_aid_to', 'AFG', false, '2023', false, 'India supplied 50,000 tonnes to Afghanistan in 2022, trucked through Pakistan after months of negotiation, and in 2023 it sent a further 20,000 tonnes through Chabahar in partnership with the World Food Programme, with the agency handling distribution inside Afghanistan.', { optional: true }),
      R('IND', 'opposes', 'taliban', false, '199X', false, "In the 1990s India opposed the Taliban and backed the Northern Alliance, running a field hospital at Farkhor in Tajikistan where the alliance's wounded were treated."),
      R('IND', 'provides_aid_to', 'northern-alliance', false, '199X', false, "In the 1990s India opposed the Taliban and backed the Northern Alliance, running a field hospital at Farkhor in Tajikistan where the alliance's wounded were treated.", { what: 'a field hospital' }),
      R('IND', 'participates_in', 'international-north-south-transport-corridor', false, '2000/..', true, 'Chabahar is also meant to feed the International North–South Transport Corridor, which India, Iran and Russia launched in 2000 to move goods from Mumbai to Russia and on to Europe.'),
      R('IRN', 'participates_in', 'international-north-south-transport-corridor', false, '2000/..', true, 'Chabahar is also meant to feed the International North–South Transport Corridor, which India, Iran and Russia launched in 2000 to move goods from Mumbai to Russia and on to Europe.'),
      R('RUS', 'participates_in', 'international-north-south-transport-corridor', false, '2000/..', true, 'Chabahar is also meant to feed the International North–South Transport Corridor, which India, Iran and Russia launched in 2000 to move goods from Mumbai to Russia and on to Europe.'),
    ],
    contradictions: [],
    coreference: [
      { text: 'the company', anchor: 'and the company has run', entity: 'india-ports-global-limited', ant: 'IPGL' },
      { text: 'the agency', anchor: 'with the agency', entity: 'world-food-programme', ant: 'World Food Programme' },
      { text: 'the alliance', anchor: "where the alliance's", entity: 'northern-alliance', ant: 'Northern Alliance' },
      { text: 'The corridor', anchor: "The corridor's eastern", entity: 'international-north-south-transport-corridor', ant: 'International North–South Transport Corridor' },
    ],
    no_coreference: [
      { text: 'the company', anchor: 'betting that the company', why: 'its referent (IPGL) is named in another paragraph' },
      { text: 'the corridor', anchor: 'and that the corridor will', why: 'its referent (the INSTC) is named in another paragraph' },
    ],
    never_entities: [
      { text: 'officials', anchor: 'that officials here' },
      { text: 'team', anchor: 'technical team' },
      { text: 'The mission', anchor: 'The mission, in' },
    ],
  },
  {
    file: 'brief-qatar-doha.txt', kind: 'source', published: '2024-07-15',
    relations: [
      R('QAT', 'hosts', 'taliban', false, '2013/..', true, "Qatar has hosted the Taliban's political office in Doha since 2013, longer than any other government has kept a formal channel to the movement.", { what: 'political office' }),
      R('QAT', 'recognizes', 'taliban', true, null, true, 'It does not recognize the Taliban government and has shown no sign of moving ahead of a broader international consensus.'),
      R('QAT', 'hosts', 'intra-afghan-negotiations', false, '2020-09/2021-08', false, 'Qatar also hosted the intra-Afghan negotiations that opened in September 2020 and ended, unfinished, when the republic collapsed in August 2021.'),
      R('QAT', 'provides_aid_to', 'AFG', false, null, true, 'Qatar has provided aid to Afghanistan since the takeover, much of it through the Qatar Fund for Development, and the fund has paid for emergency health care and winter relief.'),
      R('taliban', 'participates_in', 'doha-process', true, '2023-05', false, 'In May 2023 the United Nations convened special envoys on Afghanistan in Doha, opening what became known as the Doha process; the Taliban were not invited to that first round.'),
      R('taliban', 'participates_in', 'doha-process', true, '2024-02', false, 'The process resumed in February 2024, when the Taliban declined to attend, and at the end of June 2024 a Taliban delegation took part for the first time.'),
      R('taliban', 'participates_in', 'doha-process', false, '2024-06', false, 'The process resumed in February 2024, when the Taliban declined to attend, and at the end of June 2024 a Taliban delegation took part for the first time.'),
      R('QAT', 'hosts', 'doha-process', false, null, true, 'Qatar hosts the process, and the United Nations leads it.'),
      R('united-nations', 'leads', 'doha-process', false, null, true, 'Qatar hosts the process, and the United Nations leads it.'),
      R('roza-otunbayeva', 'leads', 'united-nations-assistance-mission-in-afghanistan', false, '2022-09/..', true, 'Roza Otunbayeva has led the mission since September 2022, and she reports to the Security Council every quarter.'),
      R('QAT', 'recognizes', 'taliban', false, '2021/..', true, "Qatar, which has recognized the Taliban government since 2021, should use that standing to press for the reopening of girls' secondary schools."),
    ],
    contradictions: [
      { subject: 'QAT', predicate: 'recognizes', object: 'taliban',
        positive: "Qatar, which has recognized the Taliban government since 2021, should use that standing to press for the reopening of girls' secondary schools.",
        negated: 'It does not recognize the Taliban government and has shown no sign of moving ahead of a broader international consensus.' },
    ],
    coreference: [
      { text: 'the movement', anchor: 'channel to the movement', entity: 'taliban', ant: 'Taliban' },
      { text: 'the group', anchor: 'the group killed', entity: 'islamic-state-khorasan-province', ant: 'Islamic State – Khorasan Province' },
      { text: 'the fund', anchor: 'and the fund has paid', entity: 'qatar-fund-for-development', ant: 'Qatar Fund for Development' },
      { text: 'The process', anchor: 'The process resumed', entity: 'doha-process', ant: 'Doha process' },
      { text: 'the process', anchor: 'Qatar hosts the process', entity: 'doha-process', ant: 'Doha process' },
      { text: 'it', anchor: 'leads it.', entity: 'doha-process', ant: 'Doha process' },
      { text: 'the mission', anchor: 'has led the mission', entity: 'united-nations-assistance-mission-in-afghanistan', ant: 'UNAMA' },
      { text: 'she', anchor: 'and she reports', entity: 'roza-otunbayeva', ant: 'Roza Otunbayeva' },
    ],
    no_coreference: [
      { text: 'he', anchor: 'he had spent', why: 'two people (Zalmay Khalilzad, Abdul Ghani Baradar) are possible' },
      { text: 'the process', anchor: 'keep the process in Doha', why: 'its referent (the Doha process) is named in another paragraph' },
    ],
    never_entities: [
      { text: 'the mission', anchor: 'that the mission, for' },
      { text: 'officials', anchor: 'Qatari officials' },
      { text: 'The committee', anchor: 'The committee model' },
      { text: 'delegation', anchor: 'Taliban delegation took' },
    ],
  },
  {
    file: 'interview-tapi-casa.txt', kind: 'source', published: '2024-10-14',
    relations: [
      R('TKM', 'leads', 'tapi', false, null, true, 'Turkmenistan leads TAPI through its state company Turkmengaz, which holds most of the shares in the consortium, and the company says its own section up to the border is done.'),
      R('taliban', 'interested_in', 'tapi', false, null, true, 'The Taliban authorities have been interested in the pipeline since the takeover, because transit fees would be one of the few reliable revenues in the Afghan budget.'),
      R('IND', 'participates_in', 'tapi', false, null, true, 'India remains a TAPI partner.'),
      R('IND', 'participates_in', 'iran-pakistan-gas-pipeline', false, '../2009', false, 'Delhi took part in talks on the Iran–Pakistan–India pipeline until 2009 and then walked away over price and security, so in Delhi the pipeline has always been a Pakistan question as much as an energy one.'),
      R('PAK', 'participates_in', 'tapi', false, null, true, 'Pakistan participates in TAPI and in the Iran–Pakistan gas pipeline.'),
      R('PAK', 'participates_in', 'iran-pakistan-gas-pipeline', false, null, true, 'Pakistan participates in TAPI and in the Iran–Pakistan gas pipeline.'),
      R('UZB', 'supplies', 'AFG', false, null, true, "Uzbekistan and Turkmenistan have supplied most of Afghanistan's imported power for years, and Tajikistan adds summer electricity in the north.", { what: 'electricity' }),
      R('TKM', 'supplies', 'AFG', false, null, true, "Uzbekistan and Turkmenistan have supplied most of Afghanistan's imported power for years, and Tajikistan adds summer electricity in the north.", { what: 'electricity' }),
      R('TJK', 'supplies', 'AFG', false, null, true, "Uzbekistan and Turkmenistan have supplied most of Afghanistan's imported power for years, and Tajikistan adds summer electricity in the north.", { what: 'electricity' }),
      R('KGZ', 'participates_in', 'casa-1000', false, null, true, 'CASA-1000 matters more: Kyrgyzstan and Tajikistan participate in the project as sellers, and Afghanistan and Pakistan as buyers, with Afghanistan also the transit country.'),
      R('TJK', 'participates_in', 'casa-1000', false, null, true, 'CASA-1000 matters more: Kyrgyzstan and Tajikistan participate in the project as sellers, and Afghanistan and Pakistan as buyers, with Afghanistan also the transit country.'),
      R('AFG', 'participates_in', 'casa-1000', false, null, true, 'CASA-1000 matters more: Kyrgyzstan and Tajikistan participate in the project as sellers, and Afghanistan and Pakistan as buyers, with Afghanistan also the transit country.'),
      R('PAK', 'participates_in', 'casa-1000', false, null, true, 'CASA-1000 matters more: Kyrgyzstan and Tajikistan participate in the project as sellers, and Afghanistan and Pakistan as buyers, with Afghanistan also the transit country.'),
      R('IND', 'participates_in', 'tapi', true, null, true, 'India is no longer a TAPI partner; Delhi now talks about liquefied gas far more than about the project, and its officials rarely mention TAPI at all.'),
    ],
    contradictions: [
      { subject: 'IND', predicate: 'participates_in', object: 'tapi',
        positive: 'India remains a TAPI partner.',
        negated: 'India is no longer a TAPI partner; Delhi now talks about liquefied gas far more than about the project, and its officials rarely mention TAPI at all.' },
    ],
    coreference: [
      { text: 'She', anchor: 'She spoke', entity: 'farida-nazarova', ant: 'Farida Nazarova' },
      { text: 'the pipeline', anchor: 'Is the pipeline finally', entity: 'tapi', ant: 'TAPI gas pipeline' },
      { text: 'the company', anchor: 'and the company says', entity: 'turkmengaz', ant: 'Turkmengaz' },
      { text: 'the pipeline', anchor: 'interested in the pipeline', entity: 'tapi', ant: 'TAPI' },
      { text: 'the pipeline', anchor: 'But the pipeline still', entity: 'tapi', ant: 'TAPI' },
      { text: 'the project', anchor: 'participate in the project', entity: 'casa-1000', ant: 'CASA-1000' },
      { text: 'the bank', anchor: 'and the bank has', entity: 'world-bank', ant: 'World Bank' },
      { text: 'the project', anchor: 'about the project', entity: 'tapi', ant: 'TAPI' },
    ],
    no_coreference: [
      { text: 'the pipeline', anchor: 'Delhi the pipeline has', why: 'two pipelines (TAPI, Iran–Pakistan–India) are named in the answer' },
      { text: 'the line', anchor: 'if the line is', why: 'no line is named in this answer; TAPI and CASA-1000 are both named in other paragraphs' },
    ],
    never_entities: [
      { text: 'working group', anchor: 'every working group' },
      { text: 'officials', anchor: 'its officials rarely' },
      { text: 'The committee', anchor: 'The committee that' },
    ],
  },
];

const WORD = /[\p{L}\p{N}]/u;
const bounded = (s, i, n) => !(i > 0 && WORD.test(s[i - 1])) && !(i + n < s.length && WORD.test(s[i + n]));
const once = (s, t, what) => {
  const i = s.indexOf(t);
  if (i < 0) throw new Error(`${what}: not found: ${JSON.stringify(t)}`);
  if (s.indexOf(t, i + 1) >= 0) throw new Error(`${what}: not unique: ${JSON.stringify(t)}`);
  return i;
};
const span = (s, start, t) => ({ start, end: start + t.length, text: t });
const after = (s, t, from, what) => {
  for (let i = s.indexOf(t, from); i >= 0; i = s.indexOf(t, i + 1)) if (bounded(s, i, t.length)) return i;
  throw new Error(`${what}: ${JSON.stringify(t)} not found after ${from}`);
};
const before = (s, t, limit, what) => {
  for (let i = s.lastIndexOf(t, limit - t.length); i >= 0; i = s.lastIndexOf(t, i - 1)) if (bounded(s, i, t.length)) return i;
  throw new Error(`${what}: antecedent ${JSON.stringify(t)} not found before ${limit}`);
};
const at = (s, item, what) => span(s, after(s, item.text, once(s, item.anchor, what), what), item.text);
const evidence = (s, t, what) => span(s, once(s, t, what), t);

const summary = [];
for (const d of DOCS) {
  const s = readFileSync(join(here, d.file), 'utf8');
  const used = new Set();
  const useId = (id) => { if (!/^[A-Z]{3}$/.test(id)) used.add(id); };
  const relations = d.relations.map(({ ev, ...r }) => {
    useId(r.subject); useId(r.object);
    return { ...r, evidence: evidence(s, ev, `${d.file} relation`) };
  });
  const contradictions = d.contradictions.map((c) => ({
    subject: c.subject, predicate: c.predicate, object: c.object,
    positive: evidence(s, c.positive, `${d.file} contradiction`),
    negated: evidence(s, c.negated, `${d.file} contradiction`),
  }));
  const coreference = d.coreference.map((c) => {
    const m = at(s, c, `${d.file} coreference`);
    useId(c.entity);
    const a = before(s, c.ant, m.start, `${d.file} coreference`);
    if (s.slice(a, m.start).includes('\n')) throw new Error(`${d.file}: antecedent of ${c.anchor} is in another paragraph`);
    return { ...m, entity: c.entity, antecedent: span(s, a, c.ant) };
  });
  const no_coreference = d.no_coreference.map((c) => ({ ...at(s, c, `${d.file} no_coreference`), why: c.why }));
  const never_entities = d.never_entities.map((c) => at(s, c, `${d.file} never_entities`));
  const entity_names = {};
  for (const id of [...used].sort()) {
    if (!NAMES[id]) throw new Error(`${d.file}: no names for ${id}`);
    entity_names[id] = NAMES[id];
  }
  const gold = {
    document: d.file, kind: d.kind, published: d.published,
    offsets: `UTF-16 code units into ${d.file} as stored (UTF-8, LF, no BOM)`,
    entity_names, relations, contradictions, coreference, no_coreference, never_entities,
  };
  writeFileSync(join(here, d.file.replace(/\.txt$/, '.gold.json')), JSON.stringify(gold, null, 1) + '\n');
  const words = s.split(/\s+/).filter((w) => WORD.test(w)).length;
  summary.push([d.file, d.kind, d.published ?? '—', words, relations.length,
    relations.filter((r) => !r.current).length, relations.filter((r) => r.negated).length,
    contradictions.length, coreference.length, no_coreference.length, never_entities.length].join(' | '));
}
console.log('file | kind | published | words | relations | past | negated | contradictions | coreference | no_coreference | never_entities');
console.log(summary.join('\n'));
