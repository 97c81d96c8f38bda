import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { buildGazetteerIndex, matchGazetteer, matchTransliteration } from './gazetteer-index.js';
import { extractProfile } from './index.js';
import { defaultDataDir, loadReferenceData } from './reference/reference-data-loader.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';
import { tokenize } from './tokenizer.js';
import { englishLookalikes, keyDistance, transliterationKey } from './transliteration-key.js';

const keyOf = (...words: string[]) => transliterationKey(words).key;

describe('transliteration key', () => {
  it('gives the variants writers use one key', () => {
    const variantSets = [
      ['Khorog', 'Horog', 'Khorugh', 'Qorog'], // Kh/H/Q at the start, gh/g
      ['Andijan', 'Andijon'], // a/o
      ['Türkmenabat', 'Turkmenabad'], // diacritic, -abat/-abad
      ['Daşoguz', 'Dashoguz'], // ş spelled out
      ['Kyzylorda', 'Kizilorda', 'Qyzylorda'], // y/i, q/k
      ['Dzhambul', 'Jambul', 'Zhambul'], // dzh/j/zh
      ['Vakhsh', 'Wakhsh'], // w/v
      ['Dharamsala', 'Daramsala'], // dh/d
      ['Kapisa', 'Kapissa'], // doubled letters
      ['Bamyan', 'Bamian'], // y/i
      ['Kondouz', 'Kunduz', 'Kondooz'], // ou/u/oo
    ];
    for (const variants of variantSets) {
      const keys = new Set(variants.map((variant) => keyOf(variant)));
      expect(keys.size, variants.join(' / ')).toBe(1);
    }
  });

  it('keys a name the same whether its izafat is hyphenated, spaced or joined', () => {
    const forms: string[][] = [
      ['Pul', 'i', 'Alam'],
      ['Pul', 'e', 'Alam'],
      ['Puli', 'Alam'],
      ['Pul', 'e', 'Alam'],
    ];
    expect(new Set(forms.map((words) => keyOf(...words))).size).toBe(1);
  });

  it('keeps letters in order, so an anagram-like word keeps another key', () => {
    expect(keyOf('Heart')).not.toBe(keyOf('Herat'));
    expect(keyOf('Balkh')).not.toBe(keyOf('Blakh'));
  });

  it('rejects vowel changes transliterations do not make, and weak differences in short keys', () => {
    const herat = transliterationKey(['Herat']);
    const hired = transliterationKey(['Hired']);
    expect(hired.key).toBe(herat.key); // same classes…
    expect(keyDistance(hired, herat)).toBe(-1); // …but e/a is no swap, and the key is short
    expect(keyDistance(transliterationKey(['Lugar']), transliterationKey(['Logar']))).toBe(-1);
    expect(keyDistance(transliterationKey(['Farrah']), transliterationKey(['Farah']))).toBe(-1);
    // consonant class: fine even when short
    expect(keyDistance(transliterationKey(['Qalat']), transliterationKey(['Kalat']))).toBe(1);
    expect(keyDistance(transliterationKey(['Tirmiz']), transliterationKey(['Termez']))).toBe(2);
  });

  it('gives a word in another script no key', () => {
    expect(keyOf('Қазақстан')).toBe('');
  });
});

describe('transliterated names in text', () => {
  const reference = buildReference([
    ...commonEntries,
    { id: 'khorog', type: 'place', name: 'Khorog', country: 'TJK', kind: 'city' },
    { id: 'kyzylorda', type: 'place', name: 'Kyzylorda', country: 'KAZ', kind: 'city' },
    { id: 'pul-i-alam', type: 'place', name: 'Pul-i-Alam', country: 'AFG', kind: 'city' },
    { id: 'turkmenabat', type: 'place', name: 'Turkmenabat', country: 'TKM', kind: 'city' },
    { id: 'kerman', type: 'place', name: 'Kerman', country: 'IRN', kind: 'city' },
    { id: 'herat', type: 'place', name: 'Herat', country: 'AFG', kind: 'city' },
    { id: 'logar', type: 'place', name: 'Logar', country: 'AFG', kind: 'province' },
    { id: 'qalat', type: 'place', name: 'Qalat', country: 'AFG', kind: 'city' },
    { id: 'kalat', type: 'place', name: 'Kalat', country: 'PAK', kind: 'city' },
    { id: 'karakul', type: 'place', name: 'Karakul', country: 'TJK', kind: 'city' },
    { id: 'nurek-dam', type: 'project', name: 'Nurek Dam', kind: 'dam' },
    {
      id: 'rahmon',
      type: 'person',
      name: 'Emomali Rahmon',
      aliases: ['Rahmon'],
      country: 'TJK',
      role: 'President of Tajikistan',
    },
  ]);
  const mentionsOf = (sentences: string[]) =>
    extractProfile(
      buildProfileDocument({ actor: 'Tajikistan', country: 'TJK', profile: sentences }),
      reference,
    ).mentions.filter((m) => m.start > 'Tajikistan'.length);
  const linked = (sentences: string[]) => mentionsOf(sentences).map((m) => [m.text, m.type, m.entity]);

  it('links a spelling the gazetteer lacks to the known place, keeping the surface text', () => {
    expect(linked(['Convoys left Horog for Qyzylorda and Puli Alam, then Türkmenabad.'])).toEqual([
      ['Horog', 'place', 'khorog'],
      ['Qyzylorda', 'place', 'kyzylorda'],
      ['Puli Alam', 'place', 'pul-i-alam'],
      ['Türkmenabad', 'place', 'turkmenabat'],
    ]);
    const [horog] = mentionsOf(['Convoys left Horog.']);
    expect(horog).toMatchObject({ country: 'TJK' });
  });

  it('gives a project found by key its kind noun, and lets a key-found place be a link of a route', () => {
    expect(linked(['Power from the Norek Dam reached the south.'])).toEqual([['Norek Dam', 'project', 'nurek-dam']]);
    expect(linked(['Trucks use the Horog–Kirman road.'])).toEqual([
      ['Horog–Kirman road', 'project', 'horog-kirman-road'],
    ]);
  });

  it('does not read common capitalised words or short look-alikes as places', () => {
    expect(
      linked(['Heart and soul went into it.', 'Hired guards stood by.', 'Lugar said so.', 'Harat was quiet.']),
    ).toEqual([]);
  });

  it('does not read a word the document writes in lowercase as a place', () => {
    expect(linked(['Karakol hats sold well.', 'Traders sold karakol pelts.'])).toEqual([]);
    expect(linked(['Karakol hats sold well.'])).toEqual([['Karakol', 'place', 'karakul']]);
  });

  it('never looks a word up alone out of a longer capitalised name', () => {
    expect(mentionsOf(['Ali Kirman spoke.']).filter((m) => m.entity === 'kerman')).toEqual([]);
    expect(linked(['Kirman hosted the talks.'])).toEqual([['Kirman', 'place', 'kerman']]);
  });

  it('leaves a spelling that fits two places equally unlinked', () => {
    expect(mentionsOf(['Khalat was calm.']).filter((m) => m.entity === 'qalat' || m.entity === 'kalat')).toEqual([]);
  });

  it('looks up only places, projects and countries, never people', () => {
    expect(mentionsOf(['Rakhmon spoke.']).filter((m) => m.entity === 'rahmon')).toEqual([]);
  });

  it('matches exactly first: a known spelling is never re-read by key', () => {
    // By key "Qalat" fits Kalat as well as Qalat (a tie, no link); written as the gazetteer has it, it is Qalat.
    expect(linked(['Qalat and Kalat signed.'])).toEqual([
      ['Qalat', 'place', 'qalat'],
      ['Kalat', 'place', 'kalat'],
    ]);
  });
});

describe('transliteration keys against an English lexicon', () => {
  it('reads no English word as a gazetteer place, project or country unless it is a known variant spelling', () => {
    // wink's English lexicon (a dependency): every word of 4+ letters, capitalised as at a sentence start.
    const model = createRequire(import.meta.url)(
      'wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json',
    ) as { features: { lexeme: { list: string[] } } };
    const index = buildGazetteerIndex(loadReferenceData(defaultDataDir()));
    // Spellings of those names in other languages or older English: right to link.
    const variantSpellings = new Set([
      'bagdad',
      'batswana',
      'byelarus',
      'cameroun',
      'columbo',
      'djakarta',
      'frankfort',
      'gronland',
      'jerevan',
      'kirghizstan',
      'kirgizstan',
      'luxemburg',
      'newzealand',
      'strassburg',
      'tadzhikistan',
    ]);
    const unexpected: string[] = [];
    for (const word of model.features.lexeme.list) {
      if (word.length < 4 || !/^[a-z]+$/.test(word) || variantSpellings.has(word)) continue;
      const tokens = tokenize(`${(word[0] as string).toUpperCase()}${word.slice(1)}`);
      if (matchGazetteer(index, tokens).length > 0) continue;
      const found = matchTransliteration(
        index,
        tokens,
        new Uint8Array(tokens.length),
        (k) => !englishLookalikes.has(tokens[k]?.norm ?? ''),
        () => false,
      );
      for (const match of found) unexpected.push(`${word} → ${match.entity.id}`);
    }
    // A new entry of the gazetteer that an English word resembles: add the word to englishLookalikes.
    expect(unexpected).toEqual([]);
  });
});
