// Unknown-name rules for national legislation, legislatures, designations, armed movements and
// numbered units: names the gazetteer does not hold, read from their shape.
import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[], actor = 'Canada', country = 'CAN') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference);
const shown = (sentences: string[], actor?: string, country?: string) =>
  extract(sentences, actor, country).mentions.map((m) => [m.text, m.type, m.country]);

describe('unknown-name rules beyond the gazetteer', () => {
  it('reads "Code" and "Bill C-41" as the actor state\'s legislation and bare "Parliament" as its legislature', () => {
    expect(
      shown([
        'The group is listed under the Criminal Code.',
        'After months of pressure Parliament passed Bill C-41 in June 2023.',
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['Criminal Code', 'document', 'CAN'],
        ['Parliament', 'organization', 'CAN'],
        ['Bill C-41', 'document', 'CAN'],
      ]),
    );
  });

  it('reads a capitalised name ending in "Policy" as a document', () => {
    expect(shown(['Ottawa framed its aid through the Feminist International Assistance Policy.'])).toEqual(
      expect.arrayContaining([['Feminist International Assistance Policy', 'document', null]]),
    );
  });

  it('does not read a first name "Bill" as a bill', () => {
    const mentions = shown(['The envoy met Bill Richardson in Doha.']);
    expect(mentions.some(([, type]) => type === 'document')).toBe(false);
  });
});

describe('armed movements and numbered units', () => {
  it("reads a unit with a number as the actor state's organisation", () => {
    expect(shown(['Police unit Detachment 88 arrested the cell.'], 'Indonesia', 'IDN')).toEqual(
      expect.arrayContaining([['Detachment 88', 'organization', 'IDN']]),
    );
  });

  it('reads names ending in "Jihad" or "Brotherhood" as organisations without a state', () => {
    expect(
      shown(['The Palestinian Islamic Jihad and the Syrian Brotherhood issued statements.'], 'Egypt', 'EGY'),
    ).toEqual(
      expect.arrayContaining([
        ['Palestinian Islamic Jihad', 'organization', null],
        ['Syrian Brotherhood', 'organization', null],
      ]),
    );
  });
});
