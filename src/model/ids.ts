// Identifiers: content hashes of documents and slugs for actors and entities.
import { createHash } from 'node:crypto';

export const contentHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A lowercase ASCII slug: `Mazar-i-Sharif` → `mazar-i-sharif`, `Türkiye` → `turkiye`. */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
