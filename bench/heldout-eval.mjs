// Held-out evaluation: runs the built pipeline (dist/) over the independently annotated profiles in
// test-fixtures/held-out/ and prints the core evaluation report; with --details it also lists the
// mention misses plus the linking, time, quantity and primary-theme misses against each gold file.
// Usage: npm run build && node bench/heldout-eval.mjs [--details]
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const heldOut = join(root, 'test-fixtures', 'held-out');
const core = await import(join(root, 'dist', 'core', 'index.js'));
const details = process.argv.includes('--details');

const key = (item) => `${item.start}:${item.end}`;
const evaluations = [];
const extra = [];
for (const file of readdirSync(heldOut)
  .filter((name) => name.endsWith('.txt'))
  .sort()) {
  const path = join(heldOut, file);
  const gold = JSON.parse(readFileSync(path.replace(/\.txt$/, '.gold.json'), 'utf8'));
  const { extraction } = core.processProfile(readFileSync(path), path);
  const slug = file.replace(/\.txt$/, '');
  evaluations.push({ name: slug, evaluation: core.evaluateExtraction(extraction, gold) });
  if (!details) continue;
  const lines = [];
  // Linking misses: same span, different entity or country.
  const predictedMentions = new Map(extraction.mentions.map((mention) => [key(mention), mention]));
  for (const mention of gold.mentions) {
    const found = predictedMentions.get(key(mention));
    if (!found) continue;
    if (found.entity !== mention.entity)
      lines.push(`  entity   "${mention.text}" @${mention.start}: got ${found.entity}, gold ${mention.entity}`);
    if ((found.country ?? null) !== (mention.country ?? null))
      lines.push(`  country  "${mention.text}" @${mention.start}: got ${found.country}, gold ${mention.country}`);
  }
  // Times: gold spans missing or valued differently, and predicted times gold does not hold.
  const predictedTimes = new Map(extraction.times.map((time) => [key(time), time]));
  const goldTimes = new Set(gold.times.map(key));
  for (const time of gold.times) {
    const found = predictedTimes.get(key(time));
    if (!found) lines.push(`  time missed   "${time.text}" @${time.start} = ${time.value}`);
    else if (found.value !== time.value)
      lines.push(`  time value    "${time.text}" @${time.start}: got ${found.value}, gold ${time.value}`);
  }
  for (const time of extraction.times)
    if (!goldTimes.has(key(time))) lines.push(`  time spurious "${time.text}" @${time.start} = ${time.value}`);
  // Quantities.
  const predictedQuantities = new Map(extraction.quantities.map((quantity) => [key(quantity), quantity]));
  const goldQuantities = new Set(gold.quantities.map(key));
  for (const quantity of gold.quantities) {
    const found = predictedQuantities.get(key(quantity));
    if (!found)
      lines.push(`  qty missed    "${quantity.text}" @${quantity.start} = ${quantity.value} ${quantity.unit}`);
    else if (found.value !== quantity.value || found.unit !== quantity.unit)
      lines.push(
        `  qty value     "${quantity.text}" @${quantity.start}: got ${found.value} ${found.unit}, gold ` +
          `${quantity.value} ${quantity.unit}`,
      );
  }
  for (const quantity of extraction.quantities)
    if (!goldQuantities.has(key(quantity)))
      lines.push(`  qty spurious  "${quantity.text}" @${quantity.start} = ${quantity.value} ${quantity.unit}`);
  // Primary themes.
  for (const interest of gold.interests) {
    const found = extraction.interests.find((candidate) => candidate.rank === interest.rank);
    const primary = found?.themes[0] ?? null;
    if (primary !== interest.theme)
      lines.push(
        `  theme   #${interest.rank} "${interest.title}": ` +
          `got ${found ? found.themes.join(',') || '-' : 'no interest'}, gold ${interest.theme}`,
      );
  }
  if (lines.length > 0) extra.push(`== ${slug} (linking, times, quantities, themes)\n${lines.join('\n')}\n`);
}
process.stdout.write(core.formatEvaluationReport(evaluations, { details }));
if (details) process.stdout.write(extra.join(''));
