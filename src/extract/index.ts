// The extraction pipeline's entry point (placeholder signature; the pipeline owner replaces the body).
import type { Extraction, ProfileDocument, ReferenceData } from '../model/index.js';

export function extractProfile(document: ProfileDocument, _reference: ReferenceData): Extraction {
  const { text, actor, sections, interests, sentences } = document;
  return {
    text,
    actor,
    sections: sections.map(({ heading, start, end }) => ({ heading, start, end })),
    interests: interests.map(({ rank, title, start, end }) => ({ rank, title, themes: [], start, end })),
    sentences: sentences.map(({ start, end }) => ({ start, end })),
    mentions: [],
    entities: [],
    times: [],
    quantities: [],
    events: [],
    relations: [],
    posture: null,
  };
}
