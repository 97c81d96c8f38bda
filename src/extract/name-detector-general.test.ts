// Unit tests for the unknown-name detector's general rules: long official names with lowercase
// linking words, comma-listed names before an acronym, demonym-led organisations and people
// named with Arabic particles. All names are synthetic or generic, not gazetteer entries.
import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[], actor = 'Germany', country = 'DEU') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference);
/** Mentions of the profile body (the title's actor mention left out) as [text, type, country]. */
const mentionsOf = (sentences: string[]) =>
  extract(sentences)
    .mentions.filter((m) => m.text !== 'Germany')
    .map((m) => [m.text, m.type, m.country]);

describe('long official names with lowercase linking words', () => {
  it('reads a head-led name with of/on/for/the/against as one mention', () => {
    expect(
      mentionsOf([
        'The partner ratified the Convention on the Elimination of All Forms of Discrimination against Women in 1985.',
      ]),
    ).toEqual([['Convention on the Elimination of All Forms of Discrimination against Women', 'document', null]]);
    expect(mentionsOf(['The Office for the Coordination of Zorvanian Relief Affairs reported shortages.'])).toEqual([
      ['Office for the Coordination of Zorvanian Relief Affairs', 'organization', null],
    ]);
    expect(mentionsOf(['Delegates of the Commission on the Status of Coastal Workers met.'])).toEqual([
      ['Commission on the Status of Coastal Workers', 'organization', null],
    ]);
  });

  it('gives a ministry named with "for" to the actor state', () => {
    expect(mentionsOf(['The Ministry for Coastal Affairs issued visas.'])).toEqual([
      ['Ministry for Coastal Affairs', 'organization', 'DEU'],
    ]);
  });

  it('never swallows a following clause, a place after "in", or a name without a head', () => {
    expect(mentionsOf(['Officials from the Ministry of Coastal Affairs and the central bank met.'])).toEqual([
      ['Ministry of Coastal Affairs', 'organization', 'DEU'],
    ]);
    expect(mentionsOf(['The Committee against Zorvan Torture in Canada met.'])).toEqual([
      ['Committee against Zorvan Torture', 'organization', null],
      ['Canada', 'country', 'CAN'],
    ]);
    expect(mentionsOf(['Reports described Discrimination against Women across the region.'])).toEqual([]);
    expect(mentionsOf(['The Agency for Rural Roads. The Zorvan delegation left.']).map(([text]) => text)).toEqual([
      'Agency for Rural Roads',
    ]);
  });
});

describe('comma-listed names before a parenthesised acronym', () => {
  it('reads the whole list as one organisation, with the state named inside it, and links the acronym', () => {
    const result = extract([
      'Immigration, Refugees and Citizenship Canada (IRCC) processed the files.',
      'Later IRCC closed the scheme.',
    ]);
    const mentions = result.mentions.filter((m) => m.text !== 'Germany');
    expect(mentions.map((m) => [m.text, m.type, m.country])).toEqual([
      ['Immigration, Refugees and Citizenship Canada', 'organization', 'CAN'],
      ['IRCC', 'organization', 'CAN'],
      ['IRCC', 'organization', 'CAN'],
    ]);
    expect(new Set(mentions.map((m) => m.entity)).size).toBe(1);
  });

  it('gives no state when none is named inside the list', () => {
    expect(mentionsOf(['The Coastal, Riverine and Harbour Office (CRHO) said so.', 'The CRHO added more.'])).toEqual([
      ['Coastal, Riverine and Harbour Office', 'organization', null],
      ['CRHO', 'organization', null],
      ['CRHO', 'organization', null],
    ]);
  });

  it('does not join a list whose initials do not spell the acronym', () => {
    const texts = mentionsOf(['Ports, Roads and Bridges Office (XYZ) was mentioned.']).map(([text]) => text);
    expect(texts.some((text) => typeof text === 'string' && text.includes(','))).toBe(false);
  });
});

describe('organisations led by a demonym', () => {
  it('absorbs the demonym and gives the state only to its organs', () => {
    expect(mentionsOf(['Egyptian Islamic Jihad merged with another group.'])).toEqual([
      ['Egyptian Islamic Jihad', 'organization', null],
    ]);
    expect(mentionsOf(['Canadian Armed Forces evacuated people.'])).toEqual([
      ['Canadian Armed Forces', 'organization', 'CAN'],
    ]);
    expect(mentionsOf(['Egyptian Coastal Brotherhood members fled.'])).toEqual([
      ['Egyptian Coastal Brotherhood', 'organization', null],
    ]);
  });

  it('keeps a demonym alone as a country mention', () => {
    expect(mentionsOf(['Egyptian officials arrived.'])).toEqual([['Egyptian', 'country', 'EGY']]);
  });
});

describe('people named with Arabic particles', () => {
  it('reads a particle name as a person when a person cue is near, with no state', () => {
    expect(mentionsOf(['Zorvan al-Amelki is said to lead the group.'])).toEqual([['Zorvan al-Amelki', 'person', null]]);
    expect(mentionsOf(['Abu Zorvan al-Amelki was killed in 2019.'])).toEqual([
      ['Abu Zorvan al-Amelki', 'person', null],
    ]);
    expect(mentionsOf(['Delegates praised Zorvan bin Amelko and his staff.'])).toEqual([
      ['Zorvan bin Amelko', 'person', null],
    ]);
  });

  it('reads a particle name as a person when the text uses it again', () => {
    const texts = mentionsOf([
      'Delegates praised Zorvan el-Amelki in the talks.',
      'Mediators quoted Zorvan el-Amelki at length.',
    ]);
    expect(texts).toEqual([
      ['Zorvan el-Amelki', 'person', null],
      ['Zorvan el-Amelki', 'person', null],
    ]);
  });

  it('reads no person without a cue or a second use', () => {
    expect(mentionsOf(['Visitors praised Zorvan al-Amelki cuisine at the fair.'])).toEqual([]);
  });
});
