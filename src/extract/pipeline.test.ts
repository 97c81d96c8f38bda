// The declared pipeline: the list passes its start-up check, a stage requiring what no earlier stage
// provides is refused, a toy stage added to a temporary list runs and its output appears, and
// profiling times every stage without changing the extraction.
import { describe, expect, it } from 'vitest';
import type { Extraction } from '../model/index.js';
import type { Analysis } from './analysis.js';
import { extractProfile } from './index.js';
import { extractionStages, runPipeline } from './pipeline.js';
import { checkStages, pipelineInputs, runStages, type Stage } from './stage.js';
import { TokenKind, tokenize } from './tokenizer.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const document = buildProfileDocument({
  actor: 'Tajikistan',
  country: 'TJK',
  profile: ['Tajikistan does not recognize the Taliban.', 'Dushanbe hosted a delegation from Kabul in May 2023.'],
});

/** A toy stage: counts the document's words from the analysis. */
const wordCountStage: Stage<{ analysis: Analysis }, { wordCount: number }> = {
  name: 'word-count',
  requires: ['analysis'],
  provides: ['wordCount'],
  run: ({ analysis }) => ({ wordCount: analysis.tokens.filter((token) => token.kind === TokenKind.Word).length }),
};

describe('the extraction pipeline list', () => {
  it('passes its start-up check: every stage requires only inputs and what earlier stages provide', () => {
    expect(() => checkStages(extractionStages, pipelineInputs)).not.toThrow();
    const names = extractionStages.map((stage) => stage.name);
    expect(names[0]).toBe('analysis');
    expect(names.at(-1)).toBe('assembly');
    expect(new Set(names).size).toBe(names.length);
  });

  it('computes coreference once, before the relations, which read it', () => {
    const coreference = extractionStages.findIndex((stage) => stage.provides.includes('coreferences'));
    const readers = extractionStages.filter((stage) => stage.requires.includes('coreferences'));
    expect(readers.map((stage) => stage.name).sort()).toEqual(['assembly', 'relations']);
    for (const reader of readers) expect(extractionStages.indexOf(reader)).toBeGreaterThan(coreference);
  });

  it('refuses a stage whose requirement no earlier stage provides, naming both', () => {
    const tooEarly = [wordCountStage, ...extractionStages];
    expect(() => checkStages(tooEarly, pipelineInputs)).toThrow(
      'stage "word-count" requires "analysis", which no earlier stage provides',
    );
    const missing: Stage<{ sentiment: number }, { mood: string }> = {
      name: 'mood',
      requires: ['sentiment'],
      provides: ['mood'],
      run: ({ sentiment }) => ({ mood: sentiment > 0 ? 'good' : 'bad' }),
    };
    expect(() => checkStages([...extractionStages, missing], pipelineInputs)).toThrow(/"mood" requires "sentiment"/);
  });

  it('refuses two stages providing one artifact', () => {
    const twice = [...extractionStages, { ...wordCountStage, name: 'again', provides: ['analysis'] }];
    expect(() => checkStages(twice, pipelineInputs)).toThrow(/"again" provides "analysis", already from stage/);
  });
});

describe('a toy stage in a temporary pipeline list', () => {
  it('runs after the stage it requires; its output appears beside an unchanged extraction', () => {
    const stages = [...extractionStages, wordCountStage];
    checkStages(stages, pipelineInputs);
    const { artifacts } = runStages(stages, { document, reference });
    const words = tokenize(document.text).filter((token) => token.kind === TokenKind.Word).length;
    expect(words).toBeGreaterThan(10);
    expect(artifacts['wordCount']).toBe(words);
    expect(artifacts['extraction']).toEqual(extractProfile(document, reference));
  });

  it('gets exactly what it requires', () => {
    let seen: string[] = [];
    const spy: Stage<{ drafts: unknown; times: unknown }, { seen: boolean }> = {
      name: 'spy',
      requires: ['drafts', 'times'],
      provides: ['seen'],
      run: (input) => {
        seen = Object.keys(input);
        return { seen: true };
      },
    };
    runStages([...extractionStages, spy], { document, reference });
    expect(seen).toEqual(['drafts', 'times']);
  });

  it('fails loudly when a stage does not answer what it declares', () => {
    const liar: Stage<{ analysis: Analysis }, { promised: number }> = {
      name: 'liar',
      requires: ['analysis'],
      provides: ['promised'],
      run: () => ({}) as { promised: number },
    };
    expect(() => runStages([...extractionStages, liar], { document, reference })).toThrow(
      'stage "liar" did not provide "promised"',
    );
  });
});

describe('runPipeline', () => {
  it('answers the extraction, and per-stage timings in run order only when profiling', () => {
    const plain = runPipeline(document, reference);
    expect(plain.timings).toBeUndefined();
    const profiled = runPipeline(document, reference, { profile: true });
    expect(profiled.extraction).toEqual<Extraction>(plain.extraction);
    expect(profiled.timings?.map((timing) => timing.stage)).toEqual(extractionStages.map((stage) => stage.name));
    for (const timing of profiled.timings ?? []) expect(timing.ms).toBeGreaterThanOrEqual(0);
    expect(plain.extraction.relations.map((r) => `${r.subject} ${r.predicate} ${r.object} ${r.negated}`)).toContain(
      'TJK recognizes taliban true',
    );
  });
});
