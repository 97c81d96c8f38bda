// Precision of the relation and event rules: each rule class with synthetic sentences that state
// the relation and near misses that must not ("near the Afghan border", "through Kazakhstan",
// "recognized by the assembly", "Afghan exports to reach Europe").
import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[], actor = 'Mongolia', country = 'MNG') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference);
const triples = (sentences: string[], actor?: string, country?: string) =>
  extract(sentences, actor, country).relations.map(
    (r) => `${r.subject} ${r.predicate} ${r.object}${r.negated ? ' (negated)' : ''}`,
  );
const borders = (sentence: string) => triples([sentence]).filter((triple) => triple.includes(' borders '));

describe('borders: explicit bordering predicates', () => {
  it('reads verbs, shared borders and coordinated states', () => {
    expect(borders('Mongolia borders Russia along the Altai.')).toEqual(['MNG borders RUS']);
    expect(borders('Mongolia does not border Kazakhstan.')).toEqual(['MNG borders KAZ (negated)']);
    expect(borders('Mongolia shares a 4,630-kilometre border with China.')).toEqual(['MNG borders CHN']);
    expect(borders('Mongolia has no border with Afghanistan and little trade with it.')).toEqual([
      'MNG borders AFG (negated)',
    ]);
    expect(borders('Laos and Vietnam share a long border.')).toEqual(['LAO borders VNM']);
    expect(borders("Mongolia shares China's longest northern frontier after Russia.")).toEqual(['MNG borders CHN']);
  });

  it('reads a possessed border and the X–Y border', () => {
    expect(
      borders('Herders cross Russia every spring, and Mongolia has fenced much of its border with China.'),
    ).toEqual(['MNG borders CHN']);
    expect(borders('Trade moved across the Laos–Vietnam border in 2019.')).toEqual(['LAO borders VNM']);
    expect(borders('Clashes on the Uzbek-Tajik border worried Mongolia.')).toEqual(['UZB borders TJK']);
  });

  it('takes no border from "near the border", "through X" or a border in another clause', () => {
    expect(borders('Russian troops held drills near the Afghan border in 2021.')).toEqual([]);
    expect(borders('Mongolia sends coal through China, and talks on border security continue.')).toEqual([]);
    expect(borders('Mongolia relies on Russia, and China has paid for border posts in the Gobi.')).toEqual([]);
    expect(borders('Mongolia met Tajik officials on border management and trade with Afghanistan.')).toEqual([]);
    expect(borders('Freight runs from China through Kazakhstan toward the Afghan border.')).toEqual([]);
    expect(borders('The road through Wakhan runs toward the Chinese border.')).toEqual([]);
    expect(borders('Mongolia wants to keep the border calm.')).toEqual([]);
  });
});

describe('recognizes: the actor as subject, the Taliban or its government as object', () => {
  it('reads recognition and its negations', () => {
    expect(triples(['Mongolia formally recognized the Taliban government in 2025.'])).toEqual([
      'MNG recognizes taliban',
    ]);
    expect(triples(['It has yet to recognize the Taliban.'])).toEqual(['MNG recognizes taliban (negated)']);
    expect(triples(['Mongolia never recognized the Taliban.'])).toEqual(['MNG recognizes taliban (negated)']);
    // "the (de facto) government": the Taliban where the document names them, else the focus state.
    expect(
      triples(['The Taliban rule in Kabul.', 'Mongolia still does not recognize the de facto government.']),
    ).toEqual(['MNG recognizes taliban (negated)']);
    expect(triples(['Mongolia still does not recognize the government.'])).toEqual(['MNG recognizes AFG (negated)']);
    expect(triples(['Mongolia accepted a Taliban envoy while withholding formal recognition.'])).toEqual([
      'MNG recognizes taliban (negated)',
    ]);
  });

  it('reads the subject after a leading date and across a parenthetical list', () => {
    expect(
      triples(['In the 1990s Vientiane was one of two capitals, alongside Hanoi, to recognize the Taliban.']),
    ).toEqual(['LAO recognizes taliban']);
  });

  it('takes no recognition from a conditional, a passive or another subject', () => {
    expect(
      triples([
        'Mongolian officials say that formal recognition will depend on the Taliban forming an inclusive government.',
      ]),
    ).toEqual([]);
    expect(triples(['Mongolia has a neutrality policy, recognized by the Taliban in 2001.'])).toEqual([]);
    expect(triples(['The minister said the meeting was not a recognition of the Taliban.'])).toEqual([]);
  });
});

describe('other predicates: objects close to the trigger, in the same clause', () => {
  it('reads supply only to a stated recipient', () => {
    expect(triples(['Mongolia exports coal to China.'])).toEqual(['MNG supplies CHN']);
    expect(triples(['Mongolia is the main supplier of meat for Afghanistan.'])).toEqual(['MNG supplies AFG']);
    expect(
      triples(['Officials see the corridor as a way for Afghan exports to reach Europe without crossing Iran.']),
    ).toEqual([]);
    expect(
      triples(['Mongolia shipped flour and other supplies of its own by rail, and it trains Afghan students.']),
    ).toEqual([]);
  });

  it('reads hosting of what is named right after the verb, not of a modifier', () => {
    expect(triples(['Mongolia has hosted Afghan students since 2002.'])).toEqual(['MNG hosts AFG']);
    expect(triples(["Mongolia hosted the third meeting of foreign ministers of Afghanistan's neighbours."])).toEqual(
      [],
    );
    expect(triples(['Mongolia hosted a conference on Afghanistan in 2022.'])).toEqual([]);
  });

  it('reads leadership from "led by"/"headed by" and not across a relative clause', () => {
    // A delegation is no entity (issue 11): nothing is said to lead it.
    expect(triples(['The Taliban delegation was headed by Amir Khan Muttaqi.'])).toEqual([]);
    expect(triples(['Mongolia sent envoy Bat Erdene, who for years headed a department of the Taliban.'])).toEqual([]);
  });

  it('reads membership only from "member of"', () => {
    expect(triples(['Mongolia is not a member of the Taliban.'])).toEqual(['MNG member_of taliban (negated)']);
    expect(triples(['Mongolia called a meeting, and members agreed to set up a fund under the Taliban.'])).toEqual([]);
  });
});

describe('events: no event from names, negations or nouns read as verbs', () => {
  it('ignores trigger words inside names and "states" as a noun', () => {
    expect(extract(['Mongolia coordinates with the United States and the five Central Asian states.']).events).toEqual(
      [],
    );
  });

  it('ignores "deal" as a verb and events that did not happen', () => {
    expect(extract(['Mongolian officials do not deal with the Taliban directly.']).events).toEqual([]);
    expect(extract(['Mongolia has not attacked anyone since 1945.']).events).toEqual([]);
  });

  it('reads "sent" as a visit only for envoys, as aid for goods', () => {
    expect(extract(['Mongolia sent a working group to Kabul in May 2022.']).events[0]).toMatchObject({
      type: 'visit',
      place: 'kabul',
      date: '2022-05',
    });
    expect(extract(['Mongolia sent food and medical supplies to Afghans in 2022.']).events[0]).toMatchObject({
      type: 'aid',
      date: '2022',
    });
  });

  it('takes the place nearest the trigger and the date of its own clause', () => {
    const [visit] = extract([
      'The Mongolian embassy in Kabul stayed open, and the Taliban foreign minister visited Tashkent in May 2022.',
    ]).events;
    expect(visit).toMatchObject({ type: 'visit', place: 'tashkent', date: '2022-05' });
    const [attack] = extract([
      'The group ended its truce in November 2022, and a bombing in Kabul in January 2023 killed ten people.',
    ]).events;
    expect(attack).toMatchObject({ type: 'attack', date: '2023-01' });
  });
});
