// Stage: assembly. The artifacts of the earlier stages composed into the §3 contract object
// (extraction.md): the document's own fields, the mentions (named and coreference, in text order),
// entities, times, quantities, events and relations with their time of validity, themes, posture and
// a source's subjects. A kind declared in the model beyond these (model/item-kinds/) is the artifact
// of the same name as its field, provided by its own stage and put in the extraction as it is: the
// start-up check refuses the pipeline if no stage before the assembly provides it.
import { itemKinds, type Extraction, type ItemKindDeclaration } from '../../model/index.js';
import type { Artifacts, Stage } from '../stage.js';
import { mergeCoreferences } from './coreference.js';

type AssemblyInput =
  | 'document'
  | 'namedMentions'
  | 'coreferences'
  | 'entities'
  | 'times'
  | 'quantities'
  | 'events'
  | 'relations'
  | 'interestThemes'
  | 'sentenceThemes'
  | 'posture'
  | 'subjects';

/** The fields of the extraction the assembly composes itself from the artifacts above. */
const composedFields: ReadonlySet<string> = new Set([
  'sections',
  'interests',
  'sentences',
  'mentions',
  'entities',
  'times',
  'quantities',
  'events',
  'relations',
  'posture',
  'subjects',
]);

/** The assembly of an extraction with the item kinds of `kinds` (the model's, or a test's list). */
export function assemblyStageFor(
  kinds: readonly Pick<ItemKindDeclaration, 'field'>[],
): Stage<Pick<Artifacts, AssemblyInput> & Record<string, unknown>, Pick<Artifacts, 'extraction'>> {
  const declared = kinds.map((kind) => kind.field).filter((field) => !composedFields.has(field));
  return {
    name: 'assembly',
    requires: [...assemblyInputs, ...declared],
    provides: ['extraction'],
    run: (found) => {
      const extraction = assemble(found);
      for (const field of declared) (extraction as unknown as Record<string, unknown>)[field] = found[field];
      return { extraction };
    },
  };
}

const assemblyInputs: readonly AssemblyInput[] = [
  'document',
  'namedMentions',
  'coreferences',
  'entities',
  'times',
  'quantities',
  'events',
  'relations',
  'interestThemes',
  'sentenceThemes',
  'posture',
  'subjects',
];

/** The contract object of the released fields. */
function assemble(found: Pick<Artifacts, AssemblyInput>): Extraction {
  const { document, interestThemes, sentenceThemes, subjects } = found;
  const { text, actor, sections, interests, sentences } = document;
  return {
    kind: document.kind,
    text,
    actor,
    sections: sections.map(({ heading, start, end }) => ({ heading, start, end })),
    interests: interests.map(({ rank, title, start, end }, index) => ({
      rank,
      title,
      themes: interestThemes[index] ?? [],
      start,
      end,
    })),
    sentences: sentences.map(({ start, end }, index) => ({ start, end, themes: sentenceThemes[index] ?? [] })),
    mentions: mergeCoreferences(found.namedMentions, found.coreferences),
    entities: found.entities,
    times: found.times.map(({ start, end, text: timeText, value, resolved }) =>
      resolved ? { start, end, text: timeText, value, resolved } : { start, end, text: timeText, value },
    ),
    quantities: found.quantities,
    // A fact without a time the text gives it holds at the time of writing.
    events: found.events.map((event) => ({
      ...event,
      valid: event.valid ?? event.date,
      current: event.current ?? true,
    })),
    relations: found.relations.map((relation) => ({
      ...relation,
      valid: relation.valid ?? null,
      current: relation.current ?? true,
    })),
    posture: found.posture,
    ...(subjects ? { subjects } : {}),
  };
}

/** The assembly of the pipeline: the model's item kinds. */
export const assemblyStage = assemblyStageFor(itemKinds);
