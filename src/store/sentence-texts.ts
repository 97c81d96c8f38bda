// A document's sentences with their text, sliced here from the document's text read once. Since migration 16 a
// sentence keeps its span and (mostly) no text; the `sentences` view slices it in SQL, where substr walks the
// document from its start for every sentence: quadratic on a long document (a 64 KB paste of 32,000 sentences
// took seconds per read). Paths that read every sentence of a document (carrying review decisions to a new
// version, the full-text index) read them through this instead. Spans are UTF-16 offsets, as JavaScript slices.
import type { SqlRunner } from './sql-dialect.js';

export interface SentenceText {
  id: number;
  document_id: number;
  text: string;
  span_start: number;
  span_end: number;
}

/** The sentences of document `documentId` in position order, each with its text (`documentText` when known). */
export async function sentencesWithText(
  db: SqlRunner,
  documentId: number,
  documentText?: string,
): Promise<SentenceText[]> {
  const whole =
    documentText ??
    (await db.all<{ text: string }>('SELECT text FROM documents WHERE id = ?', [documentId]))[0]?.text ??
    '';
  const rows = await db.all<{
    id: number;
    document_id: number;
    text: string | null;
    span_start: number;
    span_end: number;
  }>('SELECT id, document_id, text, span_start, span_end FROM sentence_spans WHERE document_id = ? ORDER BY position', [
    documentId,
  ]);
  return rows.map((row) => ({
    id: Number(row.id),
    document_id: Number(row.document_id),
    text: row.text ?? whole.slice(Number(row.span_start), Number(row.span_end)),
    span_start: Number(row.span_start),
    span_end: Number(row.span_end),
  }));
}
