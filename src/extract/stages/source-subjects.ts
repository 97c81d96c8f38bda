// Stage: the subjects of a source — the entities (above all the states) an article or brief is
// about, which link it to the profiles of those actors. In order of authority: the names in its
// front matter `actors:` (names, aliases, ISO alpha-3 codes or actor ids); else the countries its
// title names; else those its lead (the first paragraph after the title) names; else the country
// it mentions most. A capital counts for its country ("Tashkent hosts talks" is about
// Uzbekistan). The focus country (Afghanistan) is a subject only when nothing else is: every
// source of this collection is about it. Profiles have no subjects (the actor is the subject).
import { slugify, type SourceSubject } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { matchGazetteer } from '../gazetteer-index.js';
import { tokenize } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import type { ExtractionStage } from '../stage.js';

/** The entity a mention speaks for when it names a state: the country, or the country of a capital. */
function stateOf(analysis: Analysis, mention: DraftMention): string | null {
  if (mention.type === 'country') return mention.entity.id;
  if (mention.type === 'place') return analysis.gazetteer.countryOfCapital.get(mention.entity.id) ?? null;
  return null;
}

/** Resolves one front-matter name: an ISO alpha-3 code, a gazetteer name or alias, or else an actor id (its slug). */
function resolveName(analysis: Analysis, name: string): string | null {
  const trimmed = name.trim();
  if (/^[A-Z]{3}$/.test(trimmed) && analysis.gazetteer.entities.get(trimmed)?.type === 'country') return trimmed;
  const tokens = tokenize(trimmed);
  const [match] = matchGazetteer(analysis.gazetteer, tokens);
  if (match && match.firstToken === 0 && match.lastToken === tokens.length - 1) return match.entity.id;
  // An actor id is the slug of its name (seriesIdOf): the same function, so a name matches its actor.
  const slug = slugify(trimmed);
  return slug.length > 0 ? slug : null;
}

/** The first paragraph of the body: from the first sentence to the first blank line (or line break) after it. */
function leadEnd(analysis: Analysis): number {
  const first = analysis.sentences[0]?.sentence;
  if (!first) return analysis.document.titleSpan.end;
  const breakAt = analysis.text.indexOf('\n', first.start);
  const end = breakAt === -1 ? analysis.text.length : breakAt;
  // A lead written as one long line still stops after its second sentence.
  const second = analysis.sentences[1]?.sentence;
  return second && second.end < end ? second.end : end;
}

export function findSourceSubjects(analysis: Analysis, mentions: readonly DraftMention[]): SourceSubject[] | undefined {
  const { document } = analysis;
  if (document.kind !== 'source') return undefined;
  const named = document.metadata.extra['actors'];
  if (Array.isArray(named) && named.length > 0) {
    const ids = new Set<string>();
    for (const name of named) {
      const id = typeof name === 'string' ? resolveName(analysis, name) : null;
      if (id) ids.add(id);
    }
    if (ids.size > 0) return [...ids].map((entity) => ({ entity, how: 'front-matter' }));
  }

  const statesIn = (from: number, to: number): string[] => {
    const found: string[] = [];
    for (const mention of mentions) {
      if (mention.start < from || mention.end > to) continue;
      const state = stateOf(analysis, mention);
      if (state && !found.includes(state)) found.push(state);
    }
    return found;
  };
  const withoutFocus = (states: string[]): string[] => {
    const others = states.filter((state) => state !== analysis.focusCountry);
    return others.length > 0 ? others : states;
  };
  const { titleSpan } = document;
  const inTitle = withoutFocus(statesIn(titleSpan.start, titleSpan.end));
  if (inTitle.length > 0) return inTitle.map((entity) => ({ entity, how: 'title' }));
  const leadStart = analysis.sentences[0]?.sentence.start ?? titleSpan.end;
  const inLead = withoutFocus(statesIn(leadStart, leadEnd(analysis)));
  if (inLead.length > 0) return inLead.map((entity) => ({ entity, how: 'lead' }));

  const counts = new Map<string, number>();
  for (const mention of mentions) {
    const state = stateOf(analysis, mention);
    if (state) counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = ranked.find(([state]) => state !== analysis.focusCountry) ?? ranked[0];
  return top ? [{ entity: top[0], how: 'most-mentioned' }] : [];
}

export const sourceSubjectsStage: ExtractionStage<'analysis' | 'drafts', 'subjects'> = {
  name: 'source-subjects',
  requires: ['analysis', 'drafts'],
  provides: ['subjects'],
  run: ({ analysis, drafts }) => ({ subjects: findSourceSubjects(analysis, drafts) }),
};
