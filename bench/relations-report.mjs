// Relations and events report: runs the pipeline over the bundled examples (examples/*.md), the
// seed profile and the held-out profiles, and prints every relation and event with its evidence
// sentence, for reading and judging by hand. With --summary only the counts per file and predicate.
// Usage: npm run build && node bench/relations-report.mjs [--summary] [--relations|--events] [FILTER]
//    or (from sources): DOSSIER_BENCH_SRC=1 node --import tsx bench/relations-report.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fromSources = process.env.DOSSIER_BENCH_SRC === '1';
const core = await import(fromSources ? join(root, 'src', 'core', 'index.ts') : join(root, 'dist', 'core', 'index.js'));

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary');
const showRelations = !args.includes('--events');
const showEvents = !args.includes('--relations');
const filter = args.find((arg) => !arg.startsWith('--'));

const files = [];
for (const file of readdirSync(join(root, 'examples')).sort())
  if (file.endsWith('.md') && file !== 'README.md') files.push(join('examples', file));
files.push(join('test-fixtures', 'seed-kazakhstan.txt'));
for (const file of readdirSync(join(root, 'test-fixtures', 'held-out')).sort())
  if (file.endsWith('.txt')) files.push(join('test-fixtures', 'held-out', file));

const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
const totals = { relations: 0, events: 0 };
const byPredicate = new Map();
for (const file of files) {
  if (filter && !file.includes(filter)) continue;
  const { extraction } = core.processProfile(readFileSync(join(root, file)), file);
  const { text, relations, events } = extraction;
  totals.relations += relations.length;
  totals.events += events.length;
  for (const relation of relations) byPredicate.set(relation.predicate, (byPredicate.get(relation.predicate) ?? 0) + 1);
  if (summaryOnly) {
    console.log(`${file}: ${relations.length} relations, ${events.length} events`);
    continue;
  }
  console.log(`\n=== ${file}: ${relations.length} relations, ${events.length} events`);
  if (showRelations) {
    for (const relation of relations) {
      const evidence = oneLine(text.slice(relation.evidence.start, relation.evidence.end));
      console.log(
        `R ${relation.subject} ${relation.predicate} ${relation.object}${relation.negated ? ' (negated)' : ''}\n ` +
          `   | ${evidence}`,
      );
    }
  }
  if (showEvents) {
    for (const event of events) {
      const evidence = oneLine(text.slice(event.evidence.start, event.evidence.end));
      console.log(
        `E ${event.type} date=${event.date ?? '-'} place=${event.place ?? '-'} ` +
          `actors=[${event.actors.join(', ')}]\n    | ${evidence}`,
      );
    }
  }
}
console.log(`\nTotal: ${totals.relations} relations, ${totals.events} events`);
console.log(
  `By predicate: ${[...byPredicate]
    .sort()
    .map(([predicate, count]) => `${predicate} ${count}`)
    .join(', ')}`,
);
