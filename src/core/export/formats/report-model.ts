// The content of the dossier report (`markdown` and `pdf`), built once for both: for each profile
// (or the one actor asked for) its summary, ranked interests, posture, key events, relations,
// reference checks, compare row and "In the sources", as statements that each carry footnotes.
// A footnote quotes the evidence sentence with its document (actor or source title), version and,
// for PDF documents, page. Facts come from the export records (so the status filter holds); the
// checks, compare row and source sentences come from the views the API serves. Reports are made
// actor by actor, so a writer can emit each one as soon as it is built.
import { describeEdtf, type DocumentKind, type ExportFilter, type ExportRecordOf } from '../../../model/index.js';
import { eventHeadline, relationSentence } from '../../../model/phrases.js';
import { collectionViewsFor, type CompareView, type EvidenceSentence } from '../../collection-views.js';
import { referenceChecksFor, type CheckFinding } from '../../reference-checks.js';
import type { ExportContext } from '../exporter.js';

export interface ReportCitation {
  /** Footnote number, unique in the whole report. */
  number: number;
  /** The evidence sentence, whitespace collapsed. */
  quote: string;
  /** The actor's name, or the source's title. */
  document: string;
  documentKind: DocumentKind;
  actor: string;
  version: number;
  /** PDF documents: the page the sentence starts on. */
  page: number | null;
}

export interface ReportStatement {
  text: string;
  /** Footnote numbers (at least one). */
  notes: number[];
}

export interface ReportPart {
  title: string;
  statements: ReportStatement[];
  /** Shown instead of statements when there are none (or after them: what is absent has no evidence). */
  remark: string | null;
}

export interface ActorReport {
  actor: string;
  name: string;
  country: string | null;
  kind: DocumentKind;
  version: number;
  /** Link target of the actor's section (`actor-<id>`). */
  anchor: string;
  parts: ReportPart[];
  /** The footnotes of this actor's statements, in number order. */
  citations: ReportCitation[];
}

export interface ReportOutline {
  title: string;
  exportedAt: string;
  filter: ExportFilter;
  /** The actors of the report, in order (the table of contents). */
  entries: Array<{ actor: string; name: string; anchor: string }>;
}

/** How a report names each kind of check finding. */
const findingLabels: Record<CheckFinding['kind'], string> = {
  'contradicts-reference': 'Contradicts the reference data',
  'confirmed-by-reference': 'Confirmed',
  'contradicts-itself': 'Contradicts itself',
  'contradicts-profile': 'Disputed by another profile',
  'contradicts-source': 'Disputed by a source',
  'conflicting-dates': 'Conflicting dates',
  'changed-between-versions': 'Changed between versions',
  'evidence-removed': 'Evidence edited away',
  'event-after-death': 'Dated after a party’s death',
};

/** Whitespace collapsed to single spaces. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export const reportAnchor = (actor: string): string => `actor-${actor.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}`;

const baseName = (name: string): string => name.split(/[\\/]/).pop() ?? name;

/** The title and table of contents: the one actor asked for, or every profile in the order the records come in. */
export async function reportOutline(context: ExportContext): Promise<ReportOutline> {
  const { dossier, filter, exportedAt } = context;
  if (filter.actor) {
    const detail = await dossier.getActor(filter.actor, filter.version);
    return {
      title: `Dossier report: ${oneLine(detail.actor.name)}`,
      exportedAt,
      filter,
      entries: [{ actor: detail.id, name: oneLine(detail.actor.name), anchor: reportAnchor(detail.id) }],
    };
  }
  const profiles = await dossier.store.listActors('profile');
  return {
    title: 'Dossier report: the collection',
    exportedAt,
    filter,
    entries: profiles.map((profile) => ({
      actor: profile.id,
      name: oneLine(profile.name),
      anchor: reportAnchor(profile.id),
    })),
  };
}

/** One document's records, gathered from the stream. */
interface DocumentBucket {
  actor: ExportRecordOf<'actor'>;
  document: ExportRecordOf<'document'> | null;
  interests: Array<ExportRecordOf<'interest'>>;
  /** Sorted by start (the stream gives them in order). */
  sentences: Array<ExportRecordOf<'sentence'>>;
  events: Array<ExportRecordOf<'event'>>;
  relations: Array<ExportRecordOf<'relation'>>;
  postures: Array<ExportRecordOf<'posture'>>;
}

/** What the reports of one export share: entity names, footnote numbers, the views, pages of cited documents. */
class ReportState {
  readonly entityNames = new Map<string, string>();
  nextNote = 1;
  private compareView: Promise<CompareView> | undefined;
  private findings: Promise<CheckFinding[]> | undefined;
  private readonly pages = new Map<string, Promise<Array<{ number: number; start: number; end: number }>>>();

  constructor(readonly context: ExportContext) {}

  compare(): Promise<CompareView> {
    this.compareView ??= collectionViewsFor(this.context.dossier).compare();
    return this.compareView;
  }

  checks(): Promise<CheckFinding[]> {
    this.findings ??= referenceChecksFor(this.context.dossier)
      .report()
      .then((report) => report.findings);
    return this.findings;
  }

  /** The page of an offset in a stored document version (null when it is not a PDF). */
  async pageOf(actor: string, version: number, offset: number): Promise<number | null> {
    const key = `${actor}\0${version}`;
    let pages = this.pages.get(key);
    if (!pages) {
      pages = this.context.dossier.store.getDocument(actor, version).then((document) => document?.pages ?? []);
      this.pages.set(key, pages);
    }
    return (await pages).find((page) => offset >= page.start && offset < page.end)?.number ?? null;
  }

  name(id: string | null): string {
    if (id === null) return '';
    return this.entityNames.get(id) ?? id;
  }
}

/**
 * The footnotes of one actor's report: one per distinct evidence sentence. Notes are first given
 * local ids, and numbered in reading order once the statements are all made.
 */
class Citations {
  private readonly list: Array<Omit<ReportCitation, 'number'>> = [];
  private readonly byKey = new Map<string, number>();

  cite(citation: Omit<ReportCitation, 'number'>, start: number): number {
    const key = `${citation.actor}\0${citation.version}\0${start}\0${citation.quote}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    this.byKey.set(key, this.list.length);
    this.list.push(citation);
    return this.list.length - 1;
  }

  /**
   * Renumbers the statements' notes (local ids) from `state.nextNote` in reading order; the footnotes in that order.
   */
  number(parts: ReportPart[], state: ReportState): ReportCitation[] {
    const numbers = new Map<number, number>();
    const numbered: ReportCitation[] = [];
    for (const part of parts) {
      for (const statement of part.statements) {
        statement.notes = statement.notes.map((local) => {
          let number = numbers.get(local);
          if (number === undefined) {
            number = state.nextNote++;
            numbers.set(local, number);
            numbered.push({ ...this.list[local]!, number });
          }
          return number;
        });
      }
    }
    return numbered;
  }
}

/** The sentence record holding an offset (binary search over sentences sorted by start). */
function sentenceAt(sentences: DocumentBucket['sentences'], offset: number): ExportRecordOf<'sentence'> | undefined {
  let low = 0;
  let high = sentences.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const sentence = sentences[middle]!;
    if (offset < sentence.start) high = middle - 1;
    else if (offset >= sentence.end) low = middle + 1;
    else return sentence;
  }
  return undefined;
}

/**
 * The reports of the export, actor by actor: the one actor asked for (a profile or a source), or
 * every profile. Footnote numbers run on across actors.
 */
export async function* actorReports(context: ExportContext): AsyncGenerator<ActorReport> {
  const state = new ReportState(context);
  const wanted = (bucket: DocumentBucket): boolean => Boolean(context.filter.actor) || bucket.actor.kind === 'profile';
  let bucket: DocumentBucket | null = null;
  for await (const record of context.records()) {
    if (record.type === 'actor') {
      if (bucket && wanted(bucket)) yield await buildActorReport(state, bucket);
      bucket = null;
      // The records give the profiles first, then the sources: a collection report needs no source's records.
      if (!context.filter.actor && record.kind !== 'profile') break;
      bucket = { actor: record, document: null, interests: [], sentences: [], events: [], relations: [], postures: [] };
      continue;
    }
    if (record.type === 'entity') {
      state.entityNames.set(record.id, oneLine(record.name));
      continue;
    }
    if (!bucket) continue;
    switch (record.type) {
      case 'document':
        bucket.document = record;
        break;
      case 'interest':
        bucket.interests.push(record);
        break;
      case 'sentence':
        bucket.sentences.push(record);
        break;
      case 'event':
        bucket.events.push(record);
        break;
      case 'relation':
        bucket.relations.push(record);
        break;
      case 'posture':
        bucket.postures.push(record);
        break;
      default:
        break;
    }
  }
  if (bucket && wanted(bucket)) yield await buildActorReport(state, bucket);
}

/** The footnotes one actor's report cites: spans of its own document, and sentences the views give. */
class ReportCiter {
  readonly citations = new Citations();
  readonly actor: string;
  readonly version: number;
  readonly name: string;
  readonly text: string;

  constructor(
    readonly state: ReportState,
    readonly bucket: DocumentBucket,
  ) {
    this.actor = bucket.actor.id;
    this.version = bucket.actor.version;
    this.name = oneLine(bucket.actor.name);
    this.text = bucket.document?.text ?? '';
  }

  /** A footnote for a span of this document: its sentence, or the line holding it. */
  own(span: { start: number; end: number }): number {
    const { bucket, citations, text, name, actor, version } = this;
    const documentKind = bucket.actor.kind;
    const sentence = sentenceAt(bucket.sentences, span.start);
    if (sentence)
      return citations.cite(
        { quote: oneLine(sentence.text), document: name, documentKind, actor, version, page: sentence.page },
        sentence.start,
      );
    const lineStart = span.start === 0 ? 0 : text.lastIndexOf('\n', span.start - 1) + 1;
    const lineEnd = text.indexOf('\n', span.start) === -1 ? text.length : text.indexOf('\n', span.start);
    const page =
      sentenceAt(bucket.sentences, lineStart)?.page ?? bucket.sentences.find((s) => s.start >= lineStart)?.page ?? null;
    return citations.cite(
      { quote: oneLine(text.slice(lineStart, lineEnd)) || name, document: name, documentKind, actor, version, page },
      lineStart,
    );
  }

  /** A footnote for a sentence a view gives (of this or another document). */
  async evidence(evidence: EvidenceSentence, documentTitle: string, documentKind: DocumentKind): Promise<number> {
    const own =
      evidence.actor === this.actor && evidence.version === this.version
        ? sentenceAt(this.bucket.sentences, evidence.start)
        : undefined;
    const page = own ? own.page : await this.state.pageOf(evidence.actor, evidence.version, evidence.start);
    return this.citations.cite(
      {
        quote: oneLine(evidence.text),
        document: oneLine(documentTitle),
        documentKind,
        actor: evidence.actor,
        version: evidence.version,
        page,
      },
      evidence.start,
    );
  }
}

async function buildActorReport(state: ReportState, bucket: DocumentBucket): Promise<ActorReport> {
  const actorRecord = bucket.actor;
  const cite = new ReportCiter(state, bucket);
  const { actor, version, name } = cite;
  const profile = actorRecord.kind === 'profile';

  const titleNote = cite.own({ start: 0, end: 0 });
  const parts: ReportPart[] = [];
  // In the sources (read first: the summary counts them).
  const { part: sourcesPart, sourceCount } = profile
    ? await sourcesReportPart(cite)
    : { part: { title: 'In the sources', statements: [], remark: null }, sourceCount: 0 };
  parts.push(summaryReportPart(cite, titleNote, sourcesPart, sourceCount));
  parts.push(interestsReportPart(cite));
  parts.push({
    title: 'Posture',
    statements: bucket.postures.map((posture) => ({
      text: `Posture towards the focus country: ${posture.label}`,
      notes: [cite.own(posture)],
    })),
    remark: bucket.postures.length ? null : 'No posture stated.',
  });
  parts.push(eventsReportPart(cite));
  parts.push(relationsReportPart(cite));
  if (profile) parts.push(await checksReportPart(cite));
  if (profile) parts.push(await compareReportPart(cite));
  if (profile) parts.push(sourcesPart);

  return {
    actor,
    name,
    country: actorRecord.country,
    kind: actorRecord.kind,
    version,
    anchor: reportAnchor(actor),
    parts,
    citations: cite.citations.number(parts, state),
  };
}

/** "In the sources": one statement per source under each interest, citing each of its sentences; how many sources. */
async function sourcesReportPart(cite: ReportCiter): Promise<{ part: ReportPart; sourceCount: number }> {
  const { name } = cite;
  const part: ReportPart = { title: 'In the sources', statements: [], remark: null };
  const inSources = await cite.state.context.dossier.actorSources(cite.actor);
  const sourceTitles = new Set<string>();
  for (const group of inSources.groups) {
    const under = group.interest ? `Interest ${group.interest.rank}, ${oneLine(group.interest.title)}` : 'Other';
    const bySource = new Map<string, ReportStatement>();
    for (const sentence of group.sentences) {
      sourceTitles.add(sentence.source.series);
      const note = await cite.evidence(
        {
          actor: sentence.source.series,
          version: sentence.source.version,
          start: sentence.start,
          end: sentence.end,
          text: sentence.text,
        },
        sentence.source.title,
        'source',
      );
      const known = bySource.get(sentence.source.series);
      if (known) {
        if (!known.notes.includes(note)) known.notes.push(note);
        continue;
      }
      const about = [sentence.source.publisher, sentence.source.published]
        .filter((value): value is string => Boolean(value))
        .map(oneLine);
      bySource.set(sentence.source.series, {
        text: `${under}: ${oneLine(sentence.source.title)}${about.length ? ` (${about.join(', ')})` : ''}`,
        notes: [note],
      });
    }
    part.statements.push(...bySource.values());
  }
  for (const concerning of inSources.concerning) sourceTitles.add(concerning.series);
  if (inSources.more) part.remark = `More source sentences mention ${name} than the ${inSources.shown} shown.`;
  if (part.statements.length === 0) part.remark = `No source mentions ${name}.`;
  return { part, sourceCount: sourceTitles.size };
}

/** "Profile summary": name, country, kind, dates, version and (for a profile) how many sources concern it. */
function summaryReportPart(
  cite: ReportCiter,
  titleNote: number,
  sourcesPart: ReportPart,
  sourceCount: number,
): ReportPart {
  const { actor: actorRecord, document } = cite.bucket;
  const summary: ReportStatement[] = [
    {
      text: `${cite.name}${actorRecord.country ? ` (${actorRecord.country})` : ''}, a ${actorRecord.kind}`,
      notes: [titleNote],
    },
  ];
  if (document?.asOf) summary.push({ text: `As of ${document.asOf}`, notes: [titleNote] });
  if (document?.kind === 'source' && (document.publisher || document.published)) {
    summary.push({
      text:
        `Published${document.publisher ? ` by ${oneLine(document.publisher)}` : ''}` +
        `${document.published ? ` on ${document.published}` : ''}`,
      notes: [titleNote],
    });
  }
  summary.push({
    text:
      `Version ${cite.version} of ${actorRecord.versions}` +
      (document
        ? `, from ${baseName(document.sourceName)} (${document.format}), ingested ${document.ingestedAt.slice(0, 10)}`
        : ''),
    notes: [titleNote],
  });
  if (actorRecord.kind === 'profile') {
    const sourceNotes = sourcesPart.statements.flatMap((statement) => statement.notes).slice(0, 3);
    summary.push({
      text: sourceCount === 1 ? '1 source concerns or mentions it' : `${sourceCount} sources concern or mention it`,
      notes: sourceNotes.length ? sourceNotes : [titleNote],
    });
  }
  return { title: 'Profile summary', statements: summary, remark: null };
}

/** "Interests", ranked, with their themes: the title line, and the interest's first sentence after it. */
function interestsReportPart(cite: ReportCiter): ReportPart {
  const { bucket, text } = cite;
  const interestNotes = (interest: ExportRecordOf<'interest'>): number[] => {
    const title = cite.own(interest);
    const lineEnd = text.indexOf('\n', interest.start);
    const after =
      lineEnd === -1
        ? undefined
        : bucket.sentences.find((sentence) => sentence.start > lineEnd && sentence.start < interest.end);
    return after ? [title, cite.own(after)] : [title];
  };
  const interests = [...bucket.interests].sort((a, b) => a.rank - b.rank);
  return {
    title: 'Interests',
    statements: interests.map((interest) => ({
      text:
        `${interest.rank}. ${oneLine(interest.title)}` +
        (interest.themes.length ? ` (themes: ${interest.themes.join(', ')})` : ''),
      notes: interestNotes(interest),
    })),
    remark: interests.length ? null : 'No ranked interests.',
  };
}

/** "Key events", dated first. */
function eventsReportPart(cite: ReportCiter): ReportPart {
  const { state } = cite;
  const events = [...cite.bucket.events].sort(
    (a, b) => (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') || a.start - b.start,
  );
  return {
    title: 'Key events',
    statements: events.map((event) => {
      const headline = eventHeadline({
        type: event.eventType,
        parties: event.actors.map((id) => state.name(id)),
        place: event.place ? state.name(event.place) : null,
      });
      return {
        text: `${event.date ? describeEdtf(event.date) : 'Undated'}: ${headline}`,
        notes: [cite.own(event)],
      };
    }),
    remark: events.length ? null : 'No events.',
  };
}

/** "Relations": one statement per distinct claim, with every sentence that makes it. */
function relationsReportPart(cite: ReportCiter): ReportPart {
  const { state } = cite;
  const relationStatements = new Map<string, ReportStatement>();
  for (const relation of [...cite.bucket.relations].sort((a, b) => a.start - b.start)) {
    const claim = relationSentence(state.name(relation.subject), relation, state.name(relation.object));
    const statement = relationStatements.get(claim) ?? { text: claim, notes: [] };
    const note = cite.own(relation);
    if (!statement.notes.includes(note)) statement.notes.push(note);
    relationStatements.set(claim, statement);
  }
  return {
    title: 'Relations',
    statements: [...relationStatements.values()],
    remark: relationStatements.size ? null : 'No relations.',
  };
}

/** "Reference checks" (as GET /api/checks?actor= gives them). */
async function checksReportPart(cite: ReportCiter): Promise<ReportPart> {
  const findings = (await cite.state.checks()).filter((finding) => finding.actor === cite.actor);
  const statements: ReportStatement[] = [];
  for (const finding of findings) {
    const notes = [await cite.evidence(finding.evidence, finding.actorName, 'profile')];
    for (const related of finding.related) notes.push(await cite.evidence(related, related.actorName, 'profile'));
    statements.push({
      text: `${findingLabels[finding.kind]}: ${oneLine(finding.claim)}. ${oneLine(finding.message)}`,
      notes: [...new Set(notes)],
    });
  }
  return {
    title: 'Reference checks',
    statements,
    remark: statements.length ? null : 'No finding: no claim of this profile is contradicted or checked.',
  };
}

/** "Compare row": the actor's cell for each theme of the comparison, and the themes it does not address. */
async function compareReportPart(cite: ReportCiter): Promise<ReportPart> {
  const compare = await cite.state.compare();
  const row = compare.rows.find((candidate) => candidate.actor === cite.actor);
  const statements: ReportStatement[] = [];
  const absent: string[] = [];
  if (row) {
    for (const theme of compare.themes) {
      const cell = row.cells[theme];
      if (!cell) {
        absent.push(theme);
        continue;
      }
      const notes: number[] = [];
      for (const evidence of cell.evidence.slice(0, 2)) notes.push(await cite.evidence(evidence, row.name, 'profile'));
      const text =
        cell.kind === 'interest'
          ? `${theme}: interest ${cell.rank}, ${oneLine(cell.interest ?? '')}` +
            `${cell.primary ? ' (its primary theme)' : ''}`
          : `${theme}: in the narrative only ` +
            `(${cell.evidence.length} ${cell.evidence.length === 1 ? 'sentence' : 'sentences'})`;
      statements.push({ text, notes: [...new Set(notes)] });
    }
  }
  const versionNote =
    row && row.version !== cite.version ? ` The compare row is of the latest version, ${row.version}.` : '';
  return {
    title: 'Compare row',
    statements,
    remark: row
      ? absent.length
        ? `Not addressed: ${absent.join(', ')}.${versionNote}`
        : versionNote.trim() || null
      : 'Not in the comparison.',
  };
}

/** How a footnote names where its quote is from: document, version and page. */
export function citationSource(citation: ReportCitation): string {
  return (
    `${citation.document}${citation.documentKind === 'source' ? ' (source)' : ''}, version ` +
    `${citation.version}${citation.page !== null ? `, p. ${citation.page}` : ''}`
  );
}
