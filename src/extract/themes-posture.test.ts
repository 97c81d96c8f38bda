import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);

describe('themes', () => {
  it('gives each interest its themes, the title weighing most', () => {
    const result = extractProfile(
      buildProfileDocument({
        actor: 'Turkmenistan',
        country: 'TKM',
        interests: [
          {
            title: 'Gas Exports',
            sentences: ['Ashgabat wants the TAPI pipeline to carry its gas south.', 'Transit fees matter too.'],
          },
          { title: 'Drug Trafficking', sentences: ['Opium and heroin cross the border.'] },
          { title: 'Refugees and Displacement', sentences: ['Few Afghans have been granted asylum.'] },
          { title: 'Water of the Amu Darya', sentences: ['The Qosh Tepa canal will draw on the river.'] },
        ],
      }),
      reference,
    );
    expect(result.interests.map((interest) => interest.themes[0])).toEqual([
      'energy',
      'narcotics',
      'migration',
      'water',
    ]);
    expect(result.sentences.find((s) => result.text.slice(s.start, s.end).startsWith('Opium'))?.themes).toContain(
      'narcotics',
    );
  });
});

describe('posture', () => {
  const posture = (sentence: string) => {
    const result = extractProfile(
      buildProfileDocument({ actor: 'Qatar', country: 'QAT', profile: [sentence] }),
      reference,
    );
    return result.posture
      ? [result.posture.label, result.text.slice(result.posture.evidence.start, result.posture.evidence.end)]
      : null;
  };

  it('reads cue phrases with their evidence', () => {
    expect(posture('Doha keeps the Taliban at arm’s length.')).toEqual(['arms-length', 'arm’s length']);
    expect(posture('Moscow recognized the Taliban government in 2025.')).toEqual(['engaged', 'recognized the Taliban']);
    expect(posture('It has not recognized the Taliban government.')).toEqual(['wary', 'not recognized the Taliban']);
    expect(posture('Dushanbe refuses to recognize the new authorities.')).toEqual(['wary', 'refuses to recognize']);
    expect(posture('Ashgabat takes a pragmatic line.')).toEqual(['pragmatic', 'pragmatic']);
    expect(posture('Trade grew.')).toBeNull();
  });
});
