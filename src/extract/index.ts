// The extraction pipeline (extraction.md §2): pure stages over the ingested document and the
// reference data — gazetteer mentions, unknown names, linking (then coreference), times, quantities, events,
// relations, themes, posture and a source's subjects — composed into the §3 contract object.
import type { Extraction, ProfileDocument, ReferenceData } from '../model/index.js';
import { analyseDocument, type Analysis } from './analysis.js';
import { extractLimits, refuseSentenceOverLimit } from './extract-limits.js';
import { withCoreferences } from './stages/coreference.js';
import type { DraftMention } from './stages/draft-mention.js';
import { findEvents } from './stages/events.js';
import { findGazetteerMentions } from './stages/gazetteer-matcher.js';
import { linkShortForms, mergeMentions, toMentionsAndEntities } from './stages/mention-linker.js';
import { detectNames } from './stages/name-detector.js';
import { findPosture } from './stages/posture.js';
import { findQuantities } from './stages/quantities.js';
import { findRelations } from './stages/relations.js';
import { findSourceSubjects } from './stages/source-subjects.js';
import { buildSentenceContexts } from './stages/sentence-context.js';
import { classifyInterests, classifySentences } from './stages/themes.js';
import { findTimes } from './stages/times.js';

export { extractLimits, type ExtractLimit } from './extract-limits.js';
export { eventsAfterDeath, type EventAfterDeath } from './stages/fact-time.js';
export { loadReferenceData, defaultDataDir, buildCountryRecords } from './reference/reference-data-loader.js';

export function extractProfile(document: ProfileDocument, reference: ReferenceData): Extraction {
  const analysis = analyseDocument(document, reference);
  const gazetteerMentions = findGazetteerMentions(analysis);
  const detected = detectNames(analysis, gazetteerMentions);
  const drafts = linkShortForms(analysis, mergeMentions(gazetteerMentions, detected));
  checkMentionsPerSentence(analysis, drafts);
  const draftTimes = findTimes(analysis, drafts);
  const blocked = new Uint8Array(analysis.tokens.length);
  for (const item of [...drafts, ...draftTimes]) blocked.fill(1, item.firstToken, item.lastToken + 1);
  // Country mentions written other than the country's name are demonyms ("Afghans"): numbers before them count people.
  const demonymTokens = new Set<number>();
  for (const mention of drafts)
    if (mention.type === 'country' && analysis.text.slice(mention.start, mention.end) !== mention.entity.name)
      demonymTokens.add(mention.firstToken);
  const quantities = findQuantities(analysis, blocked, { demonymTokens });
  const contexts = buildSentenceContexts(analysis, drafts, draftTimes);
  const events = findEvents(analysis, contexts);
  const relations = findRelations(analysis, contexts);
  const interestThemes = classifyInterests(analysis, drafts);
  const sentenceThemes = classifySentences(analysis);
  const { mentions, entities } = withCoreferences(analysis, drafts, toMentionsAndEntities(analysis, drafts));
  const subjects = findSourceSubjects(analysis, drafts);
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
    mentions,
    entities,
    times: draftTimes.map(({ start, end, text: timeText, value, resolved }) =>
      resolved ? { start, end, text: timeText, value, resolved } : { start, end, text: timeText, value },
    ),
    quantities,
    // A fact without a time the text gives it holds at the time of writing.
    events: events.map((event) => ({ ...event, valid: event.valid ?? event.date, current: event.current ?? true })),
    relations: relations.map((relation) => ({
      ...relation,
      valid: relation.valid ?? null,
      current: relation.current ?? true,
    })),
    posture: findPosture(analysis),
    ...(subjects ? { subjects } : {}),
  };
}

/** Refuses a sentence holding more mentions than the limit (mentions and sentences are in text order). */
function checkMentionsPerSentence(analysis: Analysis, mentions: readonly DraftMention[]): void {
  let m = 0;
  for (const range of analysis.sentences) {
    while (m < mentions.length && (mentions[m] as DraftMention).start < range.sentence.start) m++;
    let count = 0;
    for (let i = m; i < mentions.length && (mentions[i] as DraftMention).start < range.sentence.end; i++) count++;
    if (count > extractLimits.mentionsPerSentence.max)
      refuseSentenceOverLimit(extractLimits.mentionsPerSentence, analysis.document, range.sentence.start, count);
  }
}
