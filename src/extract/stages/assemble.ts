// Stage: assembly. The artifacts of the earlier stages composed into the §3 contract object
// (extraction.md): the document's own fields, the mentions (named and coreference, in text order),
// entities, times, quantities, events and relations with their time of validity, themes, posture and
// a source's subjects.
import type { ExtractionStage } from '../stage.js';
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

export const assemblyStage: ExtractionStage<AssemblyInput, 'extraction'> = {
  name: 'assembly',
  requires: [
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
  ],
  provides: ['extraction'],
  run: (found) => {
    const { document, interestThemes, sentenceThemes, subjects } = found;
    const { text, actor, sections, interests, sentences } = document;
    return {
      extraction: {
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
      },
    };
  },
};
