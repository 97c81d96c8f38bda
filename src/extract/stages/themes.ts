// Stage: themes. A lexicon classifier over the fixed taxonomy (security, extremism, narcotics,
// governance, humanitarian, trade, transport, energy, water, migration, diplomacy): word stems
// vote for themes; an interest's title votes three times as strongly as its sentences. The
// first theme is the primary one.
import type { Theme } from '../../model/index.js';
import type { Analysis, SentenceRange } from '../analysis.js';
import { TokenKind, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import type { ExtractionStage } from '../stage.js';

/** Kinds of named things that speak for a theme: an armed group for extremism, a river for water. */
const kindThemes: ReadonlyMap<string, Theme> = new Map<string, Theme>([
  ['armed-group', 'extremism'],
  ['river', 'water'],
  ['dam', 'water'],
  ['canal', 'water'],
  ['railway', 'transport'],
  ['pipeline', 'energy'],
  ['power-line', 'energy'],
  ['port', 'transport'],
]);

/**
 * Kinds that speak for diplomacy only when an interest's title names them ("Standing at the United
 * Nations"): in a paragraph, a UN agency is as often the channel of aid as a diplomatic stage.
 */
const titleKindThemes: ReadonlyMap<string, Theme> = new Map<string, Theme>([
  ['international-organization', 'diplomacy'],
  ['regional-format', 'diplomacy'],
]);

/**
 * Title words that name a theme outright ("… and Diplomacy", "Counterterrorism"): the writer's own label weighs most.
 */
const themeNames: ReadonlyMap<string, Theme> = new Map<string, Theme>([
  ['security', 'security'],
  ['extremism', 'extremism'],
  ['counterterrorism', 'extremism'],
  ['terrorism', 'extremism'],
  ['narcotics', 'narcotics'],
  ['drugs', 'narcotics'],
  ['governance', 'governance'],
  ['humanitarian', 'humanitarian'],
  ['trade', 'trade'],
  ['commerce', 'trade'],
  ['transport', 'transport'],
  ['connectivity', 'transport'],
  ['energy', 'energy'],
  ['water', 'water'],
  ['migration', 'migration'],
  ['refugees', 'migration'],
  ['diplomacy', 'diplomacy'],
  ['diplomatic', 'diplomacy'],
]);

const lexicon: Record<Theme, string> = {
  security: `security secure border borders frontier insecurity insecure stability stable stabilize stabilise
    stabilization instability unstable
    threat threats military militar defense defence troops conflict conflicts spillover incursion incursions violence
    war peace peaceful army armed protect protection safety weapons arms attack attacks militant
    militants insurgent insurgency fighters combat vulnerable vulnerability`,
  extremism: `extremism extremist militancy extremists terrorism terrorist terrorists jihad jihadi jihadist jihadists
    radical radicalism
    radicalization radicalisation islamist islamists isis isil daesh recruitment recruit fundamentalism fundamentalist
    counterterrorism terror plot plots bombing bombings suicide iskp qaeda`,
  narcotics: `drug drugs narcotic narcotics opium heroin poppy poppies methamphetamine meth smuggling trafficking
    cannabis
    counternarcotics addiction addicts`,
  governance: `government governance inclusive inclusivity regime legitimacy legitimate political politics settlement
    rights
    women girls education representation constitution election elections rule ruling leadership
    promises institutions reform reforms ethnic minorities administration`,
  humanitarian: `humanitarian aid assistance famine food hunger crisis relief poverty health medical medicine donations
    donation wheat flour shelter earthquake malnutrition livelihoods clinics hospitals vaccination emergency disaster
    flood floods evacuees donor donors`,
  trade: `trade trading economic economy economies export exports exporter import imports market markets investment
    investments invest commerce commercial business businesses goods grain supplier suppliers supply customs tariff
    tariffs opportunities opportunity products prosperity cooperation partnership revenue sales profit`,
  transport: `transport transportation transit rail railway railways railroad road roads highway highways corridor
    corridors
    route routes logistics port ports airport connectivity link linking infrastructure freight cargo trucks`,
  energy: `energy gas oil pipeline pipelines electricity power hydropower hydroelectric megawatts kilowatt grid
    coal fuel lng petroleum transmission`,
  water: `water waters river rivers irrigation irrigated canal canals dam dams basin drought amu darya reservoir
    reservoirs watershed riparian groundwater wells`,
  migration: `migration migrant migrants refugee refugees asylum displacement displaced diaspora deportation
    deportations returnees emigration resettlement resettled deported deportee deportees evacuation evacuated
    admission admissions visas visa exile exiles relocation`,
  diplomacy: `diplomacy diplomatic diplomats diplomat embassy embassies ambassador envoy envoys talks dialogue
    engagement
    negotiations negotiation relations visit visits delegation delegations mediation mediator recognition recognize
    consulate summit summits bilateral multilateral foreign standing seat credentials recognition recognised recognized
    isolation mediate mediated host hosted hosting conference conferences`,
};

const stems = new Map<string, Theme[]>();
for (const [theme, words] of Object.entries(lexicon) as Array<[Theme, string]>) {
  for (const word of words.split(/\s+/)) {
    if (word.length === 0) continue;
    const list = stems.get(word) ?? [];
    if (!list.includes(theme)) list.push(theme);
    stems.set(word, list);
  }
}

function addVotes(
  tokens: readonly Token[],
  from: number,
  to: number,
  weight: number,
  scores: Map<Theme, number>,
  firstBonus = 0,
): void {
  let bonus = firstBonus;
  for (let k = from; k < to; k++) {
    const token = tokens[k] as Token;
    if (token.kind !== TokenKind.Word) continue;
    let themesOfWord = stems.get(token.norm);
    if (!themesOfWord && token.norm.length > 4 && token.norm.endsWith('s'))
      themesOfWord = stems.get(token.norm.slice(0, -1));
    if (!themesOfWord) continue;
    for (const theme of themesOfWord)
      scores.set(theme, (scores.get(theme) ?? 0) + (weight + bonus) / themesOfWord.length);
    bonus = 0;
  }
}

function firstThemeWord(tokens: readonly Token[], from: number, to: number): number | null {
  for (let k = from; k < to; k++) {
    const token = tokens[k] as Token;
    if (
      token.kind === TokenKind.Word &&
      (stems.has(token.norm) || (token.norm.endsWith('s') && stems.has(token.norm.slice(0, -1))))
    )
      return k;
  }
  return null;
}

function ranked(scores: Map<Theme, number>, minimumShare: number, max: number): Theme[] {
  const entries = [...scores.entries()].filter(([, score]) => score > 0).sort((a, b) => b[1] - a[1]);
  const top = entries[0]?.[1] ?? 0;
  return entries
    .filter(([, score]) => score >= top * minimumShare)
    .slice(0, max)
    .map(([theme]) => theme);
}

/** Themes of each interest: the title's words count three times. */
export function classifyInterests(analysis: Analysis, mentions: readonly DraftMention[] = []): Theme[][] {
  const { tokens } = analysis;
  // Mentions and sentences are in text order: each interest reads only its own stretch of them
  // (found by binary search), so many interests cost no more than the document.
  const mentionsFrom = (offset: number): number =>
    lowerBoundBy(mentions.length, (i) => (mentions[i] as DraftMention).start < offset);
  const sentencesFrom = (offset: number): number =>
    lowerBoundBy(analysis.sentences.length, (i) => (analysis.sentences[i] as SentenceRange).sentence.start < offset);
  return analysis.document.interests.map((interest) => {
    const scores = new Map<Theme, number>();
    const titleFirst = lowerBound(tokens, interest.titleStart);
    const titleEnd = lowerBound(tokens, interest.titleEnd);
    const titleMentions: DraftMention[] = [];
    for (
      let i = mentionsFrom(interest.titleStart);
      i < mentions.length && (mentions[i] as DraftMention).start < interest.titleEnd;
      i++
    ) {
      const mention = mentions[i] as DraftMention;
      if (mention.end <= interest.titleEnd) titleMentions.push(mention);
    }
    // Writers name the main concern first: the title's first theme-bearing word or name weighs more.
    const titleMention = titleMentions.find(
      (mention) => mention.entity.kind !== undefined && kindThemes.has(mention.entity.kind),
    );
    const firstWord = firstThemeWord(tokens, titleFirst, titleEnd);
    const mentionFirst =
      titleMention !== undefined && (firstWord === null || titleMention.start < (tokens[firstWord] as Token).start);
    addVotes(tokens, titleFirst, titleEnd, 3, scores, mentionFirst ? 0 : 2);
    if (mentionFirst && titleMention?.entity.kind) {
      const theme = kindThemes.get(titleMention.entity.kind) as Theme;
      scores.set(theme, (scores.get(theme) ?? 0) + 2);
    }
    for (let k = titleFirst; k < titleEnd; k++) {
      const named = themeNames.get((tokens[k] as Token).norm);
      if (named) scores.set(named, (scores.get(named) ?? 0) + 4);
    }
    for (const mention of titleMentions) {
      const theme = mention.entity.kind ? titleKindThemes.get(mention.entity.kind) : undefined;
      if (theme) scores.set(theme, (scores.get(theme) ?? 0) + 5);
    }
    for (let i = sentencesFrom(interest.start); i < analysis.sentences.length; i++) {
      const range = analysis.sentences[i] as SentenceRange;
      if (range.sentence.start >= interest.end) break;
      if (range.sentence.interest === interest.rank && range.sentence.end <= interest.end)
        addVotes(tokens, range.first, range.end, 1, scores);
    }
    for (let i = mentionsFrom(interest.start); i < mentions.length; i++) {
      const mention = mentions[i] as DraftMention;
      if (mention.start >= interest.end) break;
      const theme = mention.entity.kind ? kindThemes.get(mention.entity.kind) : undefined;
      if (!theme || mention.end > interest.end) continue;
      const inTitle = mention.start >= interest.titleStart && mention.end <= interest.titleEnd;
      scores.set(theme, (scores.get(theme) ?? 0) + (inTitle ? 3 : 1));
    }
    return ranked(scores, 0.4, 3);
  });
}

/** The first index in [0, length) for which `before(index)` is false (`before` holds for a prefix). */
function lowerBoundBy(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Themes of each sentence (up to three). */
export function classifySentences(analysis: Analysis): Theme[][] {
  return analysis.sentences.map((range) => {
    const scores = new Map<Theme, number>();
    addVotes(analysis.tokens, range.first, range.end, 1, scores);
    return ranked(scores, 0.5, 3);
  });
}

function lowerBound(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const themesStage: ExtractionStage<'analysis' | 'drafts', 'interestThemes' | 'sentenceThemes'> = {
  name: 'themes',
  requires: ['analysis', 'drafts'],
  provides: ['interestThemes', 'sentenceThemes'],
  run: ({ analysis, drafts }) => ({
    interestThemes: classifyInterests(analysis, drafts),
    sentenceThemes: classifySentences(analysis),
  }),
};
