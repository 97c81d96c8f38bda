// Recall of the relation stage on wordings beyond "X verb Y": pronoun and relative-clause subjects,
// copular and appositive noun predicates ("is a partner in", "a founding member of"), coordinated
// subjects and objects, objects behind a possessive or a head noun, descriptions that refer back to
// a named body ("the movement", "the mission"), and the look-alikes that must give nothing.
import { describe, it, expect } from 'vitest';
import type { GazetteerEntryInput } from '../model/index.js';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const entries: GazetteerEntryInput[] = [
  ...commonEntries,
  {
    id: 'shanghai-cooperation-organisation',
    type: 'organization',
    name: 'Shanghai Cooperation Organisation',
    aliases: ['SCO'],
    kind: 'international-organization',
  },
  {
    id: 'csto',
    type: 'organization',
    name: 'Collective Security Treaty Organization',
    aliases: ['CSTO'],
    kind: 'international-organization',
  },
  {
    id: 'united-nations',
    type: 'organization',
    name: 'United Nations',
    aliases: ['UN'],
    kind: 'international-organization',
  },
  {
    id: 'unama',
    type: 'organization',
    name: 'UNAMA',
    aliases: ['United Nations Assistance Mission in Afghanistan'],
    kind: 'international-organization',
  },
  {
    id: 'doha-process',
    type: 'organization',
    name: 'Doha Process',
    aliases: ['Doha process'],
    kind: 'regional-format',
  },
  { id: 'northern-alliance', type: 'organization', name: 'Northern Alliance', kind: 'armed-group' },
  {
    id: 'iskp',
    type: 'organization',
    name: 'Islamic State – Khorasan Province',
    aliases: ['ISKP'],
    kind: 'armed-group',
  },
  { id: 'ip-pipeline', type: 'project', name: 'Iran–Pakistan gas pipeline', kind: 'pipeline' },
  { id: 'roza-otunbayeva', type: 'person', name: 'Roza Otunbayeva', country: 'KGZ' },
];
const reference = buildReference(entries);
/** A profile of `actor`, or with `country: null` a text with no actor state (an article). */
const triples = (sentences: string[], actor = 'Mongolia', country: string | null = 'MNG') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference).relations.map(
    (r) => `${r.subject} ${r.predicate} ${r.object}${r.negated ? ' (negated)' : ''}${r.current ? '' : ' (past)'}`,
  );
const article = (sentences: string[]) => triples(sentences, 'The Long Game', null);

describe('pronoun and relative-clause subjects', () => {
  it('reads "it" as the previous sentence\'s subject in a text with no actor', () => {
    expect(article(['Oman keeps a quiet channel to Kabul.', 'It does not recognize the Taliban government.'])).toEqual([
      'OMN recognizes taliban (negated)',
    ]);
  });

  it('reads "it" after a coordinating conjunction as the state named as the sentence subject', () => {
    expect(
      triples(
        ['Turkmenistan has not recognized the Taliban, yet since March 2023 it has hosted Taliban diplomats.'],
        'Kazakhstan',
        'KAZ',
      ),
    ).toEqual(['TKM recognizes taliban (negated)', 'TKM hosts taliban']);
  });

  it('reads the antecedent of "which" and "who" as the subject', () => {
    expect(
      article(['Belarus, which has recognized the Taliban government since 2024, should expect pressure.']),
    ).toEqual(['BLR recognizes taliban']);
    expect(article(['Roza Otunbayeva, who has led UNAMA since September 2022, briefed the council.'])).toEqual([
      'roza-otunbayeva leads unama',
    ]);
  });

  it('gives nothing for a dummy "it" or a paragraph break', () => {
    expect(
      article(['Oman keeps a quiet channel to Kabul.', 'It is unclear whether the Taliban will be recognized.']),
    ).toEqual([]);
    expect(
      article(['Oman keeps a quiet channel to Kabul.', 'It is unclear whether recognizing the Taliban would help.']),
    ).toEqual([]);
    expect(article(['It does not recognize the Taliban government.'])).toEqual([]);
    expect(article(['Mongolia is far away.', 'The only state that recognizes the Taliban is Russia.'])).toEqual([]);
  });
});

describe('copular and appositive noun predicates', () => {
  it('reads "is a partner in", "remains a X partner" and "no longer a partner" as participation', () => {
    expect(triples(['Mongolia is a partner in the TAPI pipeline.'])).toEqual(['MNG participates_in tapi']);
    expect(triples(['Mongolia remains a TAPI partner despite the delays.'])).toEqual(['MNG participates_in tapi']);
    expect(triples(['Mongolia is no longer a TAPI partner.'])).toEqual(['MNG participates_in tapi (past)']);
    expect(triples(['Mongolia is a partner in both TAPI and CASA-1000.'])).toEqual([
      'MNG participates_in tapi',
      'MNG participates_in casa-1000',
    ]);
  });

  it('reads an appositive or copular membership with its adjectives', () => {
    expect(article(['Talks with Mongolia, a founding member of the SCO, resumed in May.'])).toEqual([
      'MNG member_of shanghai-cooperation-organisation',
    ]);
    expect(article(['In Central Asia, Russia is the dominant member of the CSTO.'])).toEqual(['RUS member_of csto']);
  });

  it('reads coordinated subjects of "participate in" and "the project" referring back to a project', () => {
    expect(
      article([
        'CASA-1000 will carry summer power south.',
        'Kyrgyzstan and Tajikistan participate in the project as sellers.',
      ]),
    ).toEqual(['TJK participates_in casa-1000', 'KGZ participates_in casa-1000']);
  });

  it('takes no participation or membership from "partner countries", "a partner to" or "member states agreed"', () => {
    expect(triples(['The partner countries of the TAPI pipeline met in Ashgabat.'])).toEqual([]);
    expect(triples(['Mongolia is a reliable partner to the Taliban.'])).toEqual([]);
    expect(triples(['SCO member states agreed on a statement about the Taliban.'])).toEqual([]);
    expect(triples(['Mongolia sees China as a partner on CASA-1000 financing.'])).toEqual([]);
  });
});

describe('coordinated subjects and objects', () => {
  it('gives one relation per coordinated subject', () => {
    expect(article(["Oman and Kuwait have supplied most of Afghanistan's imported fuel."])).toEqual([
      'KWT supplies AFG',
      'OMN supplies AFG',
    ]);
    // "the movement" is the Taliban only where the paragraph names them.
    expect(article(['Only Pakistan, Qatar and the United Arab Emirates recognised the movement.'])).toEqual([]);
    expect(
      article([
        'The Taliban took Kabul in 1996.',
        'Only Pakistan, Qatar and the United Arab Emirates recognised the movement.',
      ]),
    ).toEqual(['ARE recognizes taliban', 'QAT recognizes taliban', 'PAK recognizes taliban']);
  });

  it('reads coordinated subjects of a clause opened by ", and"', () => {
    expect(article(['Pakistan recognized the Taliban in 1997, and Iran and Russia opposed the movement.'])).toEqual([
      'PAK recognizes taliban (past)',
      'RUS opposes taliban',
      'IRN opposes taliban',
    ]);
  });

  it('gives one relation per coordinated object', () => {
    expect(triples(['Mongolia participates in TAPI and in the Iran–Pakistan gas pipeline.'])).toEqual([
      'MNG participates_in tapi',
      'MNG participates_in ip-pipeline',
    ]);
    expect(triples(['Mongolia exports coal to China, Japan and Korea.'])).toContain('MNG supplies JPN');
  });

  it('does not coordinate across a preposition or into a new clause', () => {
    expect(article(['Trade between Oman and Kuwait supplies Afghanistan.'])).toEqual(['KWT supplies AFG']);
    expect(
      article([
        'In the 1990s, when the Taliban held most of Afghanistan, Russia, Iran and India backed the Northern Alliance.',
      ]),
    ).toEqual([
      'IND provides_aid_to northern-alliance (past)',
      'IRN provides_aid_to northern-alliance (past)',
      'RUS provides_aid_to northern-alliance (past)',
    ]);
    expect(triples(['Mongolia supplies coal to China and Japan hosts the talks.'])).toEqual(['MNG supplies CHN']);
  });
});

describe('objects behind a possessive, a head noun or a description', () => {
  it('reads the possessor of a hosted office or diplomats, and a hosted diaspora', () => {
    expect(triples(["Mongolia hosted the Taliban's political office in 2013."])).toEqual(['MNG hosts taliban (past)']);
    expect(triples(['Mongolia hosts Taliban diplomats.'])).toEqual(['MNG hosts taliban']);
    expect(triples(["Mongolia hosts one of the world's largest Afghan diasporas."])).toEqual(['MNG hosts AFG']);
  });

  it('reads an armed group behind a spaced dash and after "armed", "financed" or "backed"', () => {
    expect(triples(['Mongolia opposes the Islamic State – Khorasan Province (ISKP).'])).toEqual(['MNG opposes iskp']);
    expect(triples(['Mongolia armed and financed the Northern Alliance.'])).toEqual(['MNG supplies northern-alliance']);
    expect(article(['In the 1990s Russia, Iran and India all backed the anti-Taliban Northern Alliance.'])).toEqual([
      'IND provides_aid_to northern-alliance (past)',
      'IRN provides_aid_to northern-alliance (past)',
      'RUS provides_aid_to northern-alliance (past)',
    ]);
  });

  it('reads a double object gift and a recipient through its provinces', () => {
    expect(triples(['Mongolia has sent Afghanistan wheat, medicines and vaccines.'])).toEqual([
      'MNG provides_aid_to AFG',
    ]);
    expect(triples(['Mongolia sent Afghanistan 20,000 tonnes of flour.'])).toEqual(['MNG supplies AFG']);
    expect(article(["Iran supplies fuel and electricity to Afghanistan's western provinces."])).toEqual([
      'IRN supplies AFG',
    ]);
  });

  it('reads "the movement", "the mission" and "it" as the body named before', () => {
    expect(
      article(['UNAMA reports to the Security Council.', 'Roza Otunbayeva has led the mission since September 2022.']),
    ).toEqual(['roza-otunbayeva leads unama']);
    expect(
      article([
        'Envoys met under the Doha process in 2024.',
        'Qatar hosts the process, and the United Nations leads it.',
      ]),
    ).toEqual(['QAT hosts doha-process', 'united-nations leads doha-process']);
  });

  it('takes nothing from look-alikes', () => {
    expect(triples(['Mongolia hosted a conference on Afghan refugees.'])).toEqual([]);
    expect(triples(['The drought led to a fall in Afghan wheat output.'])).toEqual([]);
    expect(triples(['The US-led coalition left in 2021.'])).toEqual([]);
    expect(triples(['Armed groups and the armed forces of Afghanistan clashed.'])).toEqual([]);
    expect(triples(['Mongolia backed the resolution on Afghanistan.'])).toEqual([]);
    expect(triples(["Mongolia funded Afghanistan's reconstruction and funded UNAMA."])).toEqual([]);
    expect(triples(['Mongolia welcomed the backing of the Taliban by Qatar.'])).toEqual([]);
    expect(triples(['The Taliban-led government has led nothing, and it led to talks with UNAMA.'])).toEqual([]);
    expect(triples(["Mongolia has sent troops to the border and gave Afghanistan's envoy a letter."])).toEqual([]);
    expect(triples(['Mongolia sent Afghan refugees home.'])).toEqual([]);
    expect(triples(["Mongolia hosted the meeting of Afghanistan's neighbours."])).toEqual([]);
    expect(triples(["Mongolia exports coal from Afghanistan's northern provinces to China."])).toEqual([
      'MNG supplies CHN',
    ]);
  });
});
