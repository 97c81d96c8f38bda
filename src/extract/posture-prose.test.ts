// Posture from prose cues: word families in every inflection and both spellings, a few words
// between, the focus government named as the Taliban, its capital or "the de facto authorities",
// negation turning engagement into wariness, conditions saying nothing, the most specific cue winning.
import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const posture = (...sentences: string[]) => {
  const result = extractProfile(buildProfileDocument({ actor: 'Oman', country: 'OMN', profile: sentences }), reference);
  return result.posture
    ? [result.posture.label, result.text.slice(result.posture.evidence.start, result.posture.evidence.end)]
    : null;
};

describe('posture from prose', () => {
  it('reads engagement in any inflection, with words between', () => {
    expect(posture('Muscat has been engaging quietly with the Taliban authorities.')).toEqual([
      'engaged',
      'engaging quietly with the Taliban',
    ]);
    expect(posture('Its diplomats engage with the interim government.')).toEqual([
      'engaged',
      'engage with the interim government',
    ]);
    expect(posture('Bishkek engages regularly with Kabul on trade.')).toEqual([
      'engaged',
      'engages regularly with Kabul',
    ]);
    expect(posture('Muscat keeps working channels open with the Islamic Emirate.')).toEqual([
      'engaged',
      'keeps working channels open with the Islamic Emirate',
    ]);
    expect(posture('Riyadh holds regular talks with the de facto rulers.')).toEqual([
      'engaged',
      'holds regular talks with the de facto rulers',
    ]);
  });

  it('reads hosting, receiving, embassies and envoys as engagement', () => {
    expect(posture('In 2023 Muscat received a Taliban trade delegation.')).toEqual(['engaged', 'received a Taliban']);
    expect(posture('Ankara handed the Afghan embassy over to Taliban-appointed diplomats.')).toEqual([
      'engaged',
      'handed the Afghan embassy over to Taliban',
    ]);
    expect(posture('Islamabad was among the first capitals to accept Taliban diplomats.')).toEqual([
      'engaged',
      'accept Taliban diplomats',
    ]);
  });

  it('reads pragmatic engagement, distance and condemnation', () => {
    expect(posture('Muscat pragmatically engages the de facto authorities.')).toEqual([
      'pragmatic',
      'pragmatically engages',
    ]);
    expect(posture('Bishkek holds the new authorities at a careful distance.')).toEqual([
      'arms-length',
      'holds the new authorities at a careful distance',
    ]);
    expect(posture('Riyadh denounced the Taliban decree on women’s work.')).toEqual(['wary', 'denounced the Taliban']);
    expect(posture('Doha has been openly critical of the Taliban leadership.')).toEqual([
      'wary',
      'critical of the Taliban',
    ]);
  });

  it('reads recognition in both spellings and a denied one as wariness, from the negator', () => {
    expect(posture('Tehran has not formally recognised the Taliban-run administration.')).toEqual([
      'wary',
      'not formally recognised the Taliban',
    ]);
    expect(posture('Baku never recognizes the Islamic Emirate.')).toEqual([
      'wary',
      'never recognizes the Islamic Emirate',
    ]);
    expect(posture('Muscat keeps its embassy open without recognising the regime.')).toEqual([
      'wary',
      'without recognising the regime',
    ]);
    expect(posture('Doha refused to receive the Taliban envoy.')).toEqual(['wary', 'refused to receive the Taliban']);
    expect(posture('Bishkek officially recognises the Taliban government.')).toEqual([
      'supportive',
      'officially recognises the Taliban',
    ]);
  });

  it('lets the most specific cue win', () => {
    expect(posture('Muscat is cautious.', 'It has engaged with the Taliban since 2021.')).toEqual([
      'engaged',
      'engaged with the Taliban',
    ]);
    expect(posture('Muscat seeks engagement.', 'It does not recognise the Taliban government.')).toEqual([
      'wary',
      'not recognise the Taliban',
    ]);
  });

  it('reads nothing from other engagements, conditions and demands', () => {
    expect(posture('The council engaged with donors and civil society.')).toBeNull();
    expect(posture('Muscat criticised the sanctions.')).toBeNull();
    expect(posture('Kazakhstan may recognize the Taliban later.')).toBeNull();
    expect(posture('Donors urged Oman to engage with the Taliban.')).toBeNull();
  });
});
