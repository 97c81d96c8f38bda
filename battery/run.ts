// Entry point of the hostile battery (`npm run battery`, `tsx battery/run.ts`): runs the
// classes (malformed documents — text formats, and the DOCX/PDF/HTML family of
// hostile-binary-documents.ts —, kill -9 during ingest, API fuzz, hostile searches, login abuse),
// prints the table `class | tried | survived | failed` with the longest case and peak RSS per
// class and the failures with how to reproduce them, and exits 1 when anything failed.
//   --reduced        the CI size (a few minutes)      --seed N      replay a run
//   --only a,b       some classes (documents, kill, fuzz, search, login); BATTERY_CASE=binary/ runs
//                    only the binary family of documents
//   --json FILE      also write the results as JSON   --keep        keep the work folder
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ClassResult, findPostgres, formatReport, type BatteryOptions } from './battery-support.js';

const classes: Record<string, (options: BatteryOptions) => Promise<ClassResult>> = {
  documents: async (options) => (await import('./malformed-documents.js')).runMalformedDocuments(options),
  kill: async (options) => (await import('./kill-during-ingest.js')).runKillDuringIngest(options),
  fuzz: async (options) => (await import('./api-fuzz.js')).runApiFuzz(options),
  search: async (options) => (await import('./hostile-searches.js')).runHostileSearches(options),
  login: async (options) => (await import('./login-abuse.js')).runLoginAbuse(options),
};

const { values } = parseArgs({
  options: {
    reduced: { type: 'boolean', default: false },
    seed: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(seed) || seed < 0) {
  process.stderr.write(`battery: --seed must be a whole number, not ${values.seed}\n`);
  process.exit(2);
}
const selected = values.only ? values.only.split(',').map((name) => name.trim()) : Object.keys(classes);
const unknown = selected.filter((name) => !(name in classes));
if (unknown.length) {
  process.stderr.write(`battery: unknown class ${unknown.join(', ')} (known: ${Object.keys(classes).join(', ')})\n`);
  process.exit(2);
}

const postgres = await findPostgres();
if ('missing' in postgres && process.env.CI === 'true') {
  process.stderr.write(`battery: PostgreSQL is required under CI=true and is not reachable: ${postgres.missing}\n`);
}
const workFolder = await mkdtemp(path.join(os.tmpdir(), `dossier-battery-${seed}-`));
const started = performance.now();
const log = (line: string) => {
  if (!values.quiet)
    process.stderr.write(`[battery ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
};
const options: BatteryOptions = {
  seed,
  reduced: values.reduced ?? false,
  postgresUrl: 'url' in postgres ? postgres.url : null,
  postgresMissing: 'missing' in postgres ? postgres.missing : null,
  workFolder,
  log,
};
log(
  `seed ${seed}${options.reduced ? ' (reduced)' : ''}; work folder ${workFolder}; PostgreSQL ` +
    `${options.postgresUrl ? 'reachable' : `missing (${options.postgresMissing})`}`,
);

const results: ClassResult[] = [];
for (const name of selected) {
  log(`class ${name}…`);
  const classStarted = performance.now();
  let result: ClassResult;
  try {
    result = await classes[name]!(options);
  } catch (error) {
    // A class that cannot run at all is one failed case, never a silent pass.
    result = new ClassResult(name);
    result.record(
      `${name} (set-up)`,
      0,
      `the class could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      `npm run battery -- --seed ${seed} --only ${name}`,
    );
  }
  results.push(result);
  log(
    `class ${name}: ${result.tried} tried, ${result.failed} failed in ` +
      `${((performance.now() - classStarted) / 1000).toFixed(1)} s`,
  );
}

process.stdout.write(formatReport(results, seed));
if (values.json) {
  await writeFile(
    values.json,
    JSON.stringify(
      {
        seed,
        reduced: options.reduced,
        seconds: (performance.now() - started) / 1000,
        classes: results.map((result) => result.toJSON()),
      },
      null,
      2,
    ) + '\n',
  );
}
const failed = results.some((result) => result.failed > 0);
if (!failed && !values.keep) await rm(workFolder, { recursive: true, force: true });
else process.stdout.write(`work folder (failing inputs, databases): ${workFolder}\n`);
process.exit(failed ? 1 : 0);
