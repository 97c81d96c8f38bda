// Identifiers: content hashes of documents and slugs for actors and entities. Slugs are lowercase
// ASCII for every script: Latin diacritics are dropped, other scripts are transliterated
// (any-ascii), and a name that transliterates to nothing still gets a stable id from its hash.
import { createHash } from 'node:crypto';
import anyAscii from 'any-ascii';

export const contentHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Scripts written without spaces between words, where each transliterated syllable is kept apart. */
const syllabicRun = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const nonAsciiRun = /[^\x00-\x7f]+/g;
const maxSlugLength = 80;

/** ASCII letters for every script: `Казахстан` → `Kazakhstan`, `中华` → `Zhong-Hua`. */
function transliterate(value: string): string {
  return value
    .replace(syllabicRun, (run) => ` ${[...run].map((char) => anyAscii(char)).join('-')} `)
    .replace(nonAsciiRun, (run) => anyAscii(run));
}

/**
 * A lowercase ASCII slug: `Mazar-i-Sharif` → `mazar-i-sharif`, `Türkiye` → `turkiye`,
 * `Казахстан` → `kazakhstan`, `ישראל` → `ysrl`. A name with letters or digits that
 * transliterates to nothing gets `x-` and a short hash of the name; only a name without any
 * letter or digit gives the empty string.
 */
export function slugify(value: string): string {
  const stripped = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
  const slug = transliterate(stripped)
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxSlugLength)
    .replace(/-+$/g, '');
  if (slug || !/[\p{L}\p{N}]/u.test(value)) return slug;
  return `x-${contentHash(value.normalize('NFC')).slice(0, 12)}`;
}

/**
 * The id of the series a document's versions belong to: the actor's slug for a profile;
 * `source-` and the title's slug for a source (so a source never shares a series with an actor).
 * Empty when the name has no letter or digit.
 */
export function seriesIdOf(document: { kind: 'profile' | 'source'; actor: { name: string } }): string {
  const slug = slugify(document.actor.name);
  if (!slug || document.kind === 'profile') return slug;
  return `source-${slug}`.slice(0, maxSlugLength).replace(/-+$/g, '');
}
