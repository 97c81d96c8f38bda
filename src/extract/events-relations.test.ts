import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[], actor = 'Tajikistan', country = 'TJK') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference);
const triples = (sentences: string[], actor?: string, country?: string) =>
  extract(sentences, actor, country).relations.map(
    (r) => `${r.subject} ${r.predicate} ${r.object}${r.negated ? ' (negated)' : ''}`,
  );

describe('events', () => {
  it('reads a meeting with its date, actors and place', () => {
    const [event] = extract(
      ['Uzbek President Shavkat Mirziyoyev met Taliban Foreign Minister Amir Khan Muttaqi in Tashkent in March 2023.'],
      'Uzbekistan',
      'UZB',
    ).events;
    expect(event).toMatchObject({ type: 'meeting', date: '2023-03', place: 'tashkent' });
    expect(event?.actors).toEqual(['UZB', 'shavkat-mirziyoyev', 'taliban', 'amir-khan-muttaqi']);
  });

  it('reads a capital acting for its state and the place it went to', () => {
    const [event] = extract(['Dushanbe sent a delegation to Kabul in early 2023 to discuss electricity.']).events;
    expect(event).toMatchObject({ type: 'delegation', date: '2023', actors: ['TJK'], place: 'kabul' });
  });

  it('reads aid and agreements, and ignores hypothetical attacks', () => {
    const result = extract([
      'Its government delivered humanitarian aid to Afghanistan in January 2022.',
      'Officials fear the risk of attacks.',
    ]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ type: 'aid', date: '2022-01', actors: ['TJK', 'AFG'] });
    const [agreement] = extract([
      'Turkmenistan and Afghanistan signed an agreement on the TAPI pipeline in 2018.',
    ]).events;
    expect(agreement).toMatchObject({ type: 'agreement', date: '2018', actors: ['TKM', 'AFG'] });
  });

  it('dates an event by a reference event as an interval', () => {
    const [event] = extract(['Tajik officials visited Kabul after the Taliban takeover.']).events;
    expect(event).toMatchObject({ type: 'visit', date: '2021-08-15/..', actors: ['TJK'], place: 'kabul' });
  });
});

describe('relations', () => {
  it('reads borders, with and without negation', () => {
    expect(triples(['Tajikistan shares a 1,357-kilometer border with Afghanistan.'])).toEqual(['TJK borders AFG']);
    expect(triples(['Kyrgyzstan and Afghanistan do not share a border.'])).toEqual(['KGZ borders AFG (negated)']);
  });

  it('resolves the subject from a pronoun, a capital or a demonym', () => {
    expect(triples(['It supplies the country with electricity.'])).toEqual(['TJK supplies AFG']);
    expect(triples(['Dushanbe is interested in the CASA-1000 project.'])).toEqual(['TJK interested_in casa-1000']);
    expect(triples(['Tajik engineers participated in the CASA-1000 works.'])).toEqual([
      'TJK participates_in casa-1000',
    ]);
  });

  it('reads leadership, membership, recognition and opposition', () => {
    // Talks are no entity (issue 11): no relation to them.
    expect(triples(['The talks were led by Foreign Minister Sirojiddin Muhriddin.'])).toEqual([]);
    expect(triples(['Tajikistan has refused to recognize the Taliban.'])).toEqual(['TJK recognizes taliban (negated)']);
    expect(triples(['Tajikistan opposes the Taliban.'])).toEqual(['TJK opposes taliban']);
    expect(triples(['Tajikistan is a member of the Collective Security Treaty Organization.'])).toEqual([
      'TJK member_of collective-security-treaty-organization',
    ]);
  });

  it('does not take "if not the only" for a negation', () => {
    expect(triples(['Tajikistan is the main, if not the only, power supplier for Afghanistan.'])).toEqual([
      'TJK supplies AFG',
    ]);
  });
});
