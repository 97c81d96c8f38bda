// Child process of the malformed-documents class: opens a Dossier on the SQLite file named by
// BATTERY_DB and, for each case the parent sends (a file to read), runs the real ingest path
// (Dossier.ingestBytes), measures its CPU time, and checks what was stored: every span of an
// accepted document slices its text, nothing at all of a refused one. The parent kills this
// process when a case runs too long and starts a new one.
import { readFile } from 'node:fs/promises';
import { loadCore, loadModel } from './app-modules.js';

const { Dossier } = await loadCore();
const { isDossierError } = await loadModel();

export interface DocumentCaseRequest {
  id: string;
  path: string;
  file: string;
}

export interface DocumentCaseReply {
  id: string;
  accepted?: { status: string; actorId: string; version: number };
  error?: {
    isDossierError: boolean;
    name: string;
    code?: string;
    message: string;
    file?: string;
    line?: number;
    column?: number;
    expected?: string;
  };
  cpuMs: number;
  wallMs: number;
  /** Offsets that do not slice the stored text, or a stored version that cannot be read back. */
  spanProblems: string[];
  /** For a refusal: what changed in the store although nothing should have. */
  halfStored: string | null;
  rssBytes: number;
}

/** Checks every `{ start, end[, text] }` item under `value` against `text`. */
function checkSpans(value: unknown, text: string, where: string, problems: string[], depth = 0): void {
  if (problems.length >= 5 || depth > 12 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkSpans(item, text, `${where}[${index}]`, problems, depth + 1));
    return;
  }
  const item = value as Record<string, unknown>;
  if (typeof item.start === 'number' && typeof item.end === 'number') {
    const { start, end } = item as { start: number; end: number };
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
      problems.push(`${where}: span ${start}..${end} outside the text (length ${text.length})`);
    } else if (typeof item.text === 'string' && depth > 0 && text.slice(start, end) !== item.text) {
      problems.push(
        `${where}: text ${JSON.stringify(item.text.slice(0, 40))} ≠ slice ` +
          `${JSON.stringify(text.slice(start, end).slice(0, 40))}`,
      );
    }
  }
  for (const [key, child] of Object.entries(item))
    if (child !== null && typeof child === 'object') checkSpans(child, text, `${where}.${key}`, problems, depth + 1);
}

const location = process.env.BATTERY_DB;
if (!location) throw new Error('BATTERY_DB is not set');
const dossier = await Dossier.open(location);
// Warm up (lexicons, models, the pool) so that the first case is not charged for it.
await dossier.ingestBytes(
  await readFile(new URL('../test-fixtures/seed-kazakhstan.txt', import.meta.url)),
  'seed-kazakhstan.txt',
);

const snapshot = async () => JSON.stringify({ stats: await dossier.stats(), revision: await dossier.store.revision() });

async function runCase(request: DocumentCaseRequest): Promise<DocumentCaseReply> {
  const bytes = await readFile(request.path);
  const before = await snapshot();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const reply: DocumentCaseReply = {
    id: request.id,
    cpuMs: 0,
    wallMs: 0,
    spanProblems: [],
    halfStored: null,
    rssBytes: 0,
  };
  try {
    const outcome = await dossier.ingestBytes(bytes, request.file);
    reply.accepted = { status: outcome.status, actorId: outcome.actorId, version: outcome.version };
  } catch (error) {
    if (isDossierError(error)) {
      reply.error = {
        isDossierError: true,
        name: error.name,
        code: error.code,
        message: error.message,
        file: error.file,
        line: error.line,
        column: error.column,
        expected: error.expected,
      };
    } else {
      const failure = error instanceof Error ? error : new Error(String(error));
      reply.error = { isDossierError: false, name: failure.name, message: failure.message };
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  reply.cpuMs = (cpu.user + cpu.system) / 1000;
  reply.wallMs = performance.now() - started;
  if (reply.accepted) {
    try {
      const detail = await dossier.getActor(reply.accepted.actorId, reply.accepted.version);
      checkSpans(detail.extraction, detail.extraction.text, 'extraction', reply.spanProblems);
      if (detail.version.version !== reply.accepted.version)
        reply.spanProblems.push(`stored version ${detail.version.version} ≠ reported ${reply.accepted.version}`);
    } catch (error) {
      reply.spanProblems.push(
        `the stored version cannot be read back: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } else {
    const after = await snapshot();
    if (after !== before) reply.halfStored = `store changed by a refused document: ${before} → ${after}`;
  }
  reply.rssBytes = process.resourceUsage().maxRSS * 1024;
  return reply;
}

process.on('message', (message: DocumentCaseRequest | { kind: 'stop' }) => {
  if ('kind' in message) {
    void dossier.close().finally(() => process.exit(0));
    return;
  }
  void runCase(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        cpuMs: 0,
        wallMs: 0,
        spanProblems: [`the battery worker failed: ${error instanceof Error ? error.message : String(error)}`],
        halfStored: null,
        rssBytes: 0,
      } satisfies DocumentCaseReply),
  );
});
process.send?.({ ready: true });
