// The sections (headings) of a document: stored, read back and exported, not reviewed.
import { z } from 'zod';
import { ContractSectionSchema } from '../extraction.js';
import { documentItemKind, spanColumns } from './declaration.js';

export const sectionKind = documentItemKind({
  type: 'section',
  plural: 'sections',
  field: 'sections',
  about: 'the sections (headings) of each document',
  item: ContractSectionSchema,
  table: 'sections',
  columns: [{ name: 'heading', type: 'text' }, ...spanColumns()],
  record: {
    shape: { index: z.number().int(), heading: z.string(), start: z.number().int(), end: z.number().int() },
    columns: [
      ['index', 'position of the section in the document, from 0'],
      ['heading', 'section heading'],
      ['start', 'start offset in documents.text'],
      ['end', 'end offset (exclusive) in documents.text'],
    ],
    toRecord: (s, { index }) => ({ index, heading: s.heading, start: s.start, end: s.end }),
  },
});
