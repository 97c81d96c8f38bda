// The "In the sources" panel of an actor: the source sentences that mention it, grouped under the
// actor's own interests by theme (a sentence goes to the best-ranked interest whose primary theme
// it carries, else to the best-ranked interest sharing any theme with it, else to `other`), each
// group newest source first, with the sources whose subjects name the actor.
import type { ActorDetail, ActorSources, SourceSentence } from '../model/index.js';
import type { SourceEvidence } from '../store/index.js';

type Interest = ActorDetail['extraction']['interests'][number];

/** The interest a sentence belongs under, or null. Interests are in rank order. */
export function interestOf(themes: readonly string[], interests: readonly Interest[]): Interest | null {
  if (themes.length === 0) return null;
  const primary = interests.find((interest) => interest.themes[0] !== undefined && themes.includes(interest.themes[0]));
  return primary ?? interests.find((interest) => interest.themes.some((theme) => themes.includes(theme))) ?? null;
}

export function groupSourceEvidence(detail: ActorDetail, evidence: SourceEvidence): ActorSources {
  const interests = [...detail.extraction.interests].sort((a, b) => a.rank - b.rank);
  const byInterest = new Map<Interest | null, SourceSentence[]>();
  for (const sentence of evidence.sentences) {
    const interest = interestOf(sentence.themes, interests);
    const list = byInterest.get(interest) ?? [];
    list.push(sentence);
    byInterest.set(interest, list);
  }
  const groups: ActorSources['groups'] = [];
  for (const interest of interests) {
    const sentences = byInterest.get(interest);
    if (sentences)
      groups.push({ interest: { rank: interest.rank, title: interest.title, themes: interest.themes }, sentences });
  }
  const other = byInterest.get(null);
  if (other) groups.push({ interest: null, sentences: other });
  return {
    actor: detail.id,
    concerning: evidence.concerning,
    groups,
    shown: evidence.sentences.length,
    more: evidence.more,
  };
}
