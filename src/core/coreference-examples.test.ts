// Issue 11, item 4, over the bundled examples: no "delegation" or "team" (or other common noun)
// entity, no relation whose subject or object is no entity, and coreference mentions found.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, extractProfile, loadReferenceData } from '../extract/index.js';
import { ingestProfile } from '../ingest/index.js';

const reference = loadReferenceData(defaultDataDir());

describe('common nouns are never entities in the bundled examples', () => {
  it('leaves no "delegation" or "team" entity or relation object across the bundled examples', () => {
    const root = join(import.meta.dirname, '../../examples');
    const files = [
      ...readdirSync(root)
        .filter((name) => name.endsWith('.md') && name !== 'README.md')
        .map((name) => join(root, name)),
      ...readdirSync(join(root, 'sources')).map((name) => join(root, 'sources', name)),
    ];
    expect(files.length).toBeGreaterThan(10);
    let corefCount = 0;
    for (const file of files) {
      const extraction = extractProfile(ingestProfile({ bytes: readFileSync(file), name: file }), reference);
      const ids = new Set(extraction.entities.map((entity) => entity.id));
      for (const entity of extraction.entities)
        expect(entity.id, file).not.toMatch(/^(delegations?|teams?|officials|authorities|government|side)$/);
      for (const relation of extraction.relations) {
        expect(ids.has(relation.subject) || /^[A-Z]{3}$/.test(relation.subject), `${file}: ${relation.subject}`).toBe(
          true,
        );
        expect(ids.has(relation.object) || /^[A-Z]{3}$/.test(relation.object), `${file}: ${relation.object}`).toBe(
          true,
        );
      }
      corefCount += extraction.mentions.filter((mention) => mention.via === 'coreference').length;
    }
    expect(corefCount).toBeGreaterThan(5);
  });
});
