// A document's sentences with their text, sliced here from the document's text read once. Since migration 16 a
// sentence keeps its span and (mostly) no text; the `sentences` view slices it in SQL, where substr walks the
// document from its start for every sentence: quadratic on a long document (a 64 KB paste of 32,000 sentences
// took seconds per read). Paths that read every sentence of a document (carrying review decisions to a new
// version, the full-text index) read them through this instead. Spans are UTF-16 offsets, as JavaScript slices.
import { sqlPlaceholders, type SqlRunner } from './sql-dialect.js';

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

/**
 * The join condition that picks, for a row `alias` with a span, the sentence `s` starting last at or before the row's
 * start: one seek on sentences_by_span. A range join (s.span_start <= start AND s.span_end > start) reads every
 * earlier sentence of the document for each row: quadratic on a long document (the large-document fix of
 * graph-totals.ts does the same).
 */
export const sentenceSeek = (alias: string): string =>
  `s.span_start = (SELECT max(q.span_start) FROM sentence_spans q WHERE q.document_id = ${alias}.document_id ` +
  `AND q.span_start <= ${alias}.span_start)`;

/** A row whose mention and sentence texts are NULL where they are slices of its document's text. */
export interface SlicedRow {
  document_id: unknown;
  span_start: unknown;
  span_end: unknown;
  text: string | null;
  sentence_text: string | null;
  sentence_start: unknown;
  sentence_end: unknown;
  version: number;
  published: string | null;
  publisher: string | null;
}

/**
 * Completes a page of mention rows from their documents, each read once: the version and dates, and the mention and
 * sentence texts that are slices of the document's text (stored NULL). Joined per row, a document's columns after its
 * text walk the text's overflow pages and SQL's substr walks the text from its start: on a long document, for every
 * row.
 */
export async function fillSlices<T extends SlicedRow>(db: SqlRunner, rows: T[]): Promise<T[]> {
  const ids = [...new Set(rows.map((row) => Number(row.document_id)))];
  const documents = new Map<
    number,
    { text: string; version: unknown; published: string | null; publisher: string | null }
  >();
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const found = await db.all<{
      id: unknown;
      text: string;
      version: unknown;
      published: string | null;
      publisher: string | null;
    }>(
      `SELECT id, version, published, publisher, text FROM documents WHERE id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const row of found) documents.set(Number(row.id), row);
  }
  for (const row of rows) {
    const document = documents.get(Number(row.document_id));
    const whole = document?.text ?? '';
    row.version = Number(document?.version ?? 0);
    row.published = document?.published ?? null;
    row.publisher = document?.publisher ?? null;
    row.text ??= whole.slice(Number(row.span_start), Number(row.span_end));
    if (row.sentence_text === null && row.sentence_start !== null && row.sentence_start !== undefined)
      row.sentence_text = whole.slice(Number(row.sentence_start), Number(row.sentence_end));
  }
  return rows;
}

/** Documents whose texts one read brings at most: a whole ranked window (500 sentences) in one round trip. */
const documentsPerRead = 500;

/**
 * The texts of sentences by id (as a string), each document's text read once: search ranks a window of hundreds of
 * matches by their text, and the view's substr per row read (and decompressed) the same document again for each of
 * its sentences (PostgreSQL: 500 sentences of 80 documents took 20-60 ms that way under load). Unknown ids are left
 * out.
 */
export async function sentenceTextsById(db: SqlRunner, ids: readonly unknown[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  if (ids.length === 0) return texts;
  const rows = await db.all<{
    id: unknown;
    document_id: unknown;
    text: string | null;
    span_start: unknown;
    span_end: unknown;
  }>(
    `SELECT id, document_id, text, span_start, span_end FROM sentence_spans
     WHERE id IN (${sqlPlaceholders(ids.length)})`,
    [...ids],
  );
  const sliced = rows.filter((row) => row.text === null);
  const documentIds = [...new Set(sliced.map((row) => Number(row.document_id)))];
  const documents = new Map<number, string>();
  for (let i = 0; i < documentIds.length; i += documentsPerRead) {
    const chunk = documentIds.slice(i, i + documentsPerRead);
    for (const row of await db.all<{ id: unknown; text: string }>(
      `SELECT id, text FROM documents WHERE id IN (${sqlPlaceholders(chunk.length)})`,
      chunk,
    ))
      documents.set(Number(row.id), row.text);
  }
  for (const row of rows)
    texts.set(
      String(row.id),
      row.text ?? (documents.get(Number(row.document_id)) ?? '').slice(Number(row.span_start), Number(row.span_end)),
    );
  return texts;
}
