// Events read from news prose: a capital standing for its government is an actor (its country's
// ISO code), a capital where something happens is the place; the type follows the verb and what
// it carries; trigger words inside other noun phrases, flight and what did not happen give no event.
import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const events = (sentence: string, actor = 'Kuwait', country = 'KWT') =>
  extractProfile(buildProfileDocument({ actor, country, profile: [sentence] }), reference).events;
const only = (sentence: string) => {
  const found = events(sentence);
  expect(found, sentence).toHaveLength(1);
  return found[0];
};

describe('capitals: the acting government or the place of the event', () => {
  it('reads a capital that stands for its government as its country, not as the place', () => {
    expect(only('The talks between Tehran and Kabul resumed in April 2024.')).toMatchObject({
      type: 'meeting',
      date: '2024-04',
      actors: ['IRN', 'AFG'],
      place: null,
    });
    expect(only('Doha announced a new mediation offer for Islamabad.')).toMatchObject({
      type: 'statement',
      actors: ['QAT', 'PAK'],
      place: null,
    });
    expect(only('The ministry raised objections with Bishkek over the dam.')).toMatchObject({
      type: 'statement',
      actors: ['KGZ'],
      place: null,
    });
    expect(events('Turkey raised funds for Afghan schools.')).toEqual([]);
    expect(only('Tehran regards Riyadh as its main rival, its ministers said.')).toMatchObject({
      type: 'statement',
      actors: ['IRN', 'SAU'],
      place: null,
    });
    expect(only("Ankara's envoy met Taliban officials in Doha in 2023.")).toMatchObject({
      type: 'meeting',
      actors: ['TUR', 'taliban'],
      place: 'doha',
    });
    expect(only('Qatar received a delegation from Bishkek in 2022.')).toMatchObject({
      type: 'delegation',
      actors: ['QAT', 'KGZ'],
      place: null,
    });
    expect(
      only('Azerbaijan hosted talks between Riyadh and Tehran, and the two sides agreed to meet again.'),
    ).toMatchObject({ type: 'meeting', actors: ['AZE', 'SAU', 'IRN'], place: null });
  });

  it('reads Kabul meaning the Taliban government as AFG', () => {
    expect(only('The Kabul regime sent a trade mission to Islamabad in 2023.')).toMatchObject({
      type: 'visit',
      actors: ['AFG'],
      place: 'islamabad',
    });
    expect(only("Kabul's new rulers condemned the decision.")).toMatchObject({
      type: 'statement',
      actors: ['AFG'],
      place: null,
    });
    expect(only('The authorities in Kabul welcomed the shipment of Kazakh wheat.')).toMatchObject({
      type: 'statement',
      actors: ['AFG', 'KAZ'],
      place: null,
    });
  });

  it('keeps the capital as the place after in/at/to and movement verbs', () => {
    expect(only('The Turkish foreign minister travelled to Tehran in May 2022.')).toMatchObject({
      type: 'visit',
      actors: ['TUR'],
      place: 'tehran',
    });
    expect(only('Uzbek diplomats visited Dushanbe in 2021.')).toMatchObject({
      type: 'visit',
      actors: ['UZB'],
      place: 'dushanbe',
    });
    expect(only('An airstrike hit a market in central Kabul in 2022.')).toMatchObject({
      type: 'attack',
      place: 'kabul',
    });
    expect(only('Envoys met at the Ashgabat conference in 2024.')).toMatchObject({
      type: 'meeting',
      place: 'ashgabat',
    });
    expect(only('Kazakh officials travelled from Doha in March 2022.')).toMatchObject({
      type: 'visit',
      actors: ['KAZ'],
      place: 'doha',
    });
  });
});

describe('event types follow the verb and its object', () => {
  it('reads attacks', () => {
    expect(only('A drone strike killed three Pakistani fighters in 2022.')).toMatchObject({
      type: 'attack',
      date: '2022',
      actors: ['PAK'],
    });
    expect(only('An explosion at an Afghan mosque in 2021 killed dozens.')).toMatchObject({
      type: 'attack',
      date: '2021',
      actors: ['AFG'],
    });
    expect(only('Iranian and Taliban border guards clashed in 2023.')).toMatchObject({
      type: 'attack',
      actors: ['IRN', 'taliban'],
    });
    expect(only('Pakistani strikes on Khost in 2024 drew protests from the Taliban.')).toMatchObject({
      type: 'attack',
      date: '2024',
    });
  });

  it('reads "sent" by what is sent, pledges as aid, signings, hostings and condemnations', () => {
    expect(only('Saudi Arabia sent 3,000 tonnes of dates and rice to Afghanistan in 2023.')).toMatchObject({
      type: 'aid',
      actors: ['SAU', 'AFG'],
    });
    expect(only('Qatar pledged $25 million for Afghan returnees in 2022.')).toMatchObject({
      type: 'aid',
      actors: ['QAT', 'AFG'],
    });
    expect(only('Kuwait signed a memorandum on water with the Taliban in 2024.')).toMatchObject({
      type: 'agreement',
      actors: ['KWT', 'taliban'],
    });
    expect(only('Turkmenistan hosted the Taliban foreign minister in 2022.')).toMatchObject({
      type: 'meeting',
      actors: ['TKM', 'taliban'],
    });
    expect(only('Egypt denounced the decree in 2022.')).toMatchObject({ type: 'statement', actors: ['EGY'] });
    expect(events('Turkey sent troops to the region.')).toEqual([]);
  });

  it('gives the verb of the sentence the type, not a trigger that only dates it', () => {
    expect(only('A suicide bombing hit Kandahar days after the Uzbek delegation left.')).toMatchObject({
      type: 'attack',
    });
  });
});

describe('no event from other noun phrases, flight, or what did not happen', () => {
  it('ignores triggers that modify or possess another noun, or are verbs of another sense', () => {
    expect(events('Delegates of Iran gathered in the conference hall in Ankara.')).toEqual([]);
    expect(events("The summit's logo was shown in Tashkent.")).toEqual([]);
    expect(events('Turkmenistan is meeting its gas commitments to China.')).toEqual([]);
    expect(events('Kyrgyzstan must exercise restraint with Tajikistan.')).toEqual([]);
    expect(events('Aid workers from Norway left Herat.')).toEqual([]);
    expect(events('Pakistan hosted 600,000 Afghan refugees.')).toEqual([]);
    expect(events('Afghanistan and Iran have clashed over water rights.')).toEqual([]);
    expect(events('Kazakhstan strikes a balance between China and Russia.')).toEqual([]);
  });

  it('reads flight as no visit or meeting', () => {
    expect(events('Afghan families fled to Iran after the talks collapsed.')).toEqual([]);
    expect(events('Refugees travelled to Turkey in 2022.')).toEqual([]);
    expect(events('Civilians fleeing the clashes reached Tajikistan.')).toEqual([]);
    // Refugees elsewhere in the sentence, or a refugee agency, do not make a visit a flight.
    expect(only('Pakistan, which shelters many refugees, sent a delegation to Kabul in 2022.')).toMatchObject({
      type: 'delegation',
      actors: ['PAK'],
      place: 'kabul',
    });
    expect(only('The UN refugee agency sent a delegation to Kabul in 2023.')).toMatchObject({
      type: 'delegation',
      place: 'kabul',
    });
  });

  it('reads plans, offers, modals and refusals as no event', () => {
    expect(events('Uzbekistan intends to sign an agreement with Kabul.')).toEqual([]);
    expect(events('Tajikistan may host talks with the Taliban next year.')).toEqual([]);
    expect(events('Oman offered to host negotiations with the Taliban.')).toEqual([]);
    expect(events('The talks with Tehran could collapse.')).toEqual([]);
    expect(events('Turkmenistan declined to meet the Taliban envoy.')).toEqual([]);
    // "May" the month is no modal.
    expect(only('In May 2023 Kazakhstan signed an agreement with Afghanistan.')).toMatchObject({
      type: 'agreement',
      date: '2023-05',
    });
  });
});

describe('a time that modifies a noun dates that thing, not the sentence’s event', () => {
  it('does not date a statement by the year of a treaty it mentions', () => {
    const found = only(
      'Under the 1973 Helmand water treaty, Afghanistan is to deliver water, and Tehran says the Taliban have ' +
        'delivered far less.',
    );
    expect(found).toMatchObject({ type: 'statement', date: null });
    expect(only("Kabul's 2022 budget was cut, Tashkent said.")).toMatchObject({ type: 'statement', date: null });
  });

  it('dates an event by an occasion or by its own noun phrase', () => {
    expect(only('At the 2019 summit in Bishkek, the two presidents met.')).toMatchObject({ date: '2019' });
    expect(only('Kazakhstan recalled the 2021 visit of its delegation to Kabul.')).toMatchObject({ date: '2021' });
    expect(only('In 2023 Tehran criticised the 1973 treaty.')).toMatchObject({ type: 'statement', date: '2023' });
    expect(only('The talks of 12 May 2022 between Tehran and Kabul ended without a deal.')).toMatchObject({
      date: '2022-05-12',
    });
  });
});
