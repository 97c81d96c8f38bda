// Every sentence of a document with its themes: stored (its text only where the store must keep it,
// see store/item-kinds.ts), read back through the `sentences` view, exported; not reviewed.
import { z } from 'zod';
import { ContractSentenceSchema } from '../extraction.js';
import { ThemeSchema } from '../themes.js';
import { documentItemKind, spanColumns } from './declaration.js';

export const sentenceKind = documentItemKind({
  type: 'sentence',
  plural: 'sentences',
  field: 'sentences',
  about: 'every sentence of every document, with its themes',
  item: ContractSentenceSchema,
  table: 'sentence_spans',
  readAs: 'sentences',
  columns: [
    // Computed by the store: the sentence's text where SQL would slice the document differently.
    { name: 'text', type: 'text', nullable: true, item: null },
    { name: 'themes', type: 'json', nullable: true, omitNull: true },
    ...spanColumns(),
  ],
  record: {
    shape: {
      index: z.number().int(),
      start: z.number().int(),
      end: z.number().int(),
      text: z.string(),
      themes: z.array(ThemeSchema),
      /** PDF only: the page the sentence starts on. */
      page: z.number().int().positive().nullable(),
    },
    columns: [
      ['index', 'position of the sentence in the document, from 0'],
      ['start', 'start offset in documents.text'],
      ['end', 'end offset (exclusive) in documents.text; text = documents.text sliced by start/end'],
      ['page', 'PDF sources: the page the sentence starts on'],
      ['themes', 'themes the sentence itself carries, joined with ;'],
      ['text', 'the sentence'],
    ],
    toRecord: (s, { index, text, pageOf }) => ({
      index,
      start: s.start,
      end: s.end,
      text: text.slice(s.start, s.end),
      themes: s.themes ?? [],
      page: pageOf(s.start),
    }),
  },
});
