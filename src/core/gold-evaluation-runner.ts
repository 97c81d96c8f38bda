// Finds the gold files Dossier is scored against (the seed's and examples/gold/*.gold.json),
// extracts their documents and evaluates each: what `npm run eval` / `dossier eval` run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { DossierError } from '../model/index.js';
import { processProfile } from './profile-pipeline.js';
import { evaluateExtraction, type ExtractionEvaluation } from './extraction-evaluation.js';
import { profileExtensions } from './path-expander.js';

export interface GoldPair {
  name: string;
  document: string;
  gold: string;
}

/**
 * Gold files of a package checkout: the seed fixture, every examples/gold/NAME.gold.json paired
 * with examples/NAME.*, and the independently written test-fixtures/held-out/NAME.gold.json
 * paired with NAME.txt beside it.
 */
export async function findGoldPairs(root: string): Promise<GoldPair[]> {
  const pairs: GoldPair[] = [
    {
      name: 'seed (kazakhstan)',
      document: path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
      gold: path.join(root, 'test-fixtures', 'seed-kazakhstan.gold.json'),
    },
  ];
  const goldFiles = await glob('examples/gold/*.gold.json', { cwd: root, absolute: true });
  for (const gold of goldFiles.sort()) {
    const slug = path.basename(gold, '.gold.json');
    const candidates = await glob(`examples/${slug}.{${profileExtensions.join(',')}}`, { cwd: root, absolute: true });
    const document = candidates[0];
    if (!document)
      throw new DossierError('NOT_FOUND', `gold file has no profile examples/${slug}.*`, {
        file: path.relative(root, gold),
      });
    pairs.push({ name: `example ${slug}`, document, gold });
  }
  for (const gold of (await glob('test-fixtures/held-out/*.gold.json', { cwd: root, absolute: true })).sort()) {
    const slug = path.basename(gold, '.gold.json');
    pairs.push({ name: `held-out ${slug}`, document: path.join(path.dirname(gold), `${slug}.txt`), gold });
  }
  return pairs;
}

export async function evaluateGoldPair(pair: GoldPair): Promise<ExtractionEvaluation> {
  const [bytes, goldText] = await Promise.all([readFile(pair.document), readFile(pair.gold, 'utf8')]);
  let gold: unknown;
  try {
    gold = JSON.parse(goldText);
  } catch (error) {
    throw new DossierError('BAD_REQUEST', `gold file is not JSON: ${(error as Error).message}`, { file: pair.gold });
  }
  const { extraction } = processProfile(bytes, pair.document);
  return evaluateExtraction(extraction, gold);
}
