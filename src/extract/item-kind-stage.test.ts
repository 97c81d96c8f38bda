// The extraction part of docs/ARCHITECTURE.md "Adding an item kind", exercised: a toy kind declared
// once in the model's terms and its stage `{ name, requires, provides, run }` in a temporary pipeline
// list: the assembly made for the kinds (the model's and the toy) puts the stage's items in the
// extraction under the kind's field, the rest unchanged, and the contract's schema made for the kinds
// has the field; without the stage the start-up check refuses the list, naming the field.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ExtractionFieldsSchema,
  extractionSchemaOf,
  itemKinds,
  reviewedItemKind,
  spanColumns,
  type Extraction,
  type ProfileDocument,
} from '../model/index.js';
import { extractProfile } from './index.js';
import { extractionStages } from './pipeline.js';
import { checkStages, pipelineInputs, runStages, type AnyStage, type Stage } from './stage.js';
import { assemblyStageFor } from './stages/assemble.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const ToySchema = z.object({ label: z.string(), start: z.number().int(), end: z.number().int() });
type Toy = z.infer<typeof ToySchema>;

/** The declaration (as src/model/item-kinds/<kind>.ts would hold it). */
const toyKind = reviewedItemKind({
  type: 'toy',
  plural: 'toys',
  field: 'toys',
  about: 'the first word of each sentence',
  item: ToySchema,
  table: 'toys',
  columns: [{ name: 'label', type: 'text' }, ...spanColumns()],
  record: { shape: { label: z.string() }, columns: [['label', 'the word']], toRecord: (toy) => ({ label: toy.label }) },
  review: { payload: z.object({ label: z.string() }) },
});

/** Its stage: the first word of each sentence, with its span. */
const toyStage: Stage<{ document: ProfileDocument }, { toys: Toy[] }> = {
  name: 'toys',
  requires: ['document'],
  provides: ['toys'],
  run: ({ document }) => ({
    toys: document.sentences.map((s) => {
      const word = /^\S+/.exec(document.text.slice(s.start, s.end))![0];
      return { label: word, start: s.start, end: s.start + word.length };
    }),
  }),
};

const reference = buildReference(commonEntries);
const document = buildProfileDocument({
  actor: 'Tajikistan',
  country: 'TJK',
  profile: ['Tajikistan does not recognize the Taliban.', 'Dushanbe hosted a delegation from Kabul in May 2023.'],
});

/** The pipeline list with the toy's stage before the assembly, which is made for the kinds given. */
const withToys = (stages: readonly AnyStage[]): AnyStage[] => [
  ...extractionStages.slice(0, -1),
  ...stages,
  assemblyStageFor([...itemKinds, toyKind]),
];

describe('an item kind in the extraction (a toy kind and its stage in a temporary pipeline list)', () => {
  it('puts the items its stage provides in the extraction under its field, the rest unchanged', () => {
    const stages = withToys([toyStage]);
    checkStages(stages, pipelineInputs);
    const { artifacts } = runStages(stages, { document, reference });
    const { toys, ...rest } = artifacts['extraction'] as Extraction & { toys: Toy[] };
    expect(toys.map((toy) => toy.label)).toEqual(['Tajikistan', 'Dushanbe']);
    expect(toyKind.items({ ...rest, toys } as Extraction)).toEqual(toys);
    expect(rest).toEqual(extractProfile(document, reference));
    // The contract's schema of the kinds has the field: it keeps the toys, and refuses a malformed one.
    const contract = extractionSchemaOf([...itemKinds, toyKind]);
    expect((contract.parse({ ...rest, toys }) as typeof rest & { toys: Toy[] }).toys).toEqual(toys);
    expect(contract.safeParse({ ...rest, toys: [{ label: 1 }] }).success).toBe(false);
    expect(z.toJSONSchema(extractionSchemaOf(itemKinds))).toEqual(z.toJSONSchema(ExtractionFieldsSchema));
  });

  it('is refused at start-up without a stage providing its items', () => {
    expect(() => checkStages(withToys([]), pipelineInputs)).toThrow(
      'stage "assembly" requires "toys", which no earlier stage provides',
    );
  });

  it('leaves the pipeline of the model kinds as it was: the assembly composes every released field itself', () => {
    expect(assemblyStageFor(itemKinds).requires).toEqual(extractionStages.at(-1)!.requires);
    expect(extractionStages.at(-1)!.requires).not.toContain('toys');
  });
});
