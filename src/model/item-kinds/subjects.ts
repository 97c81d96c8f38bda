// The entities a source is about (a profile has no such field): stored, read back and exported, not
// reviewed.
import { z } from 'zod';
import { SourceSubjectSchema, SubjectReasonSchema } from '../extraction.js';
import { documentItemKind } from './declaration.js';

export const subjectKind = documentItemKind({
  type: 'subject',
  plural: 'subjects',
  field: 'subjects',
  about: 'the entities each source is about',
  item: SourceSubjectSchema,
  documents: 'source',
  table: 'document_subjects',
  columns: [
    { name: 'subject', type: 'text', item: 'entity' },
    { name: 'how', type: 'text' },
  ],
  record: {
    shape: { entity: z.string(), how: SubjectReasonSchema },
    columns: [
      ['entity', 'entity a source is about (joins entities.id)'],
      ['how', 'how that was decided'],
    ],
    toRecord: (s) => ({ entity: s.entity, how: s.how }),
  },
});
