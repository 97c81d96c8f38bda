// Stage: posture — the actor's stance toward the focus country's government, from cues in the
// prose: fixed phrases ("arm's length" → arms-length) and patterns over word families with a few
// words between ("has engaged with the new Kabul regime", "engagement with the de facto
// authorities", "maintains contacts with the Taliban", "keeps the Taliban at a distance", "hosted a
// Taliban delegation", "handed over the embassy to the Taliban", "accepted a Taliban envoy" →
// engaged or arms-length; "condemned the Taliban's ban" → wary; "has not formally recognised the
// Taliban-led government" → wary). Word families take every inflection (engage, engaged, engages,
// engaging, engagement) and both spellings (recognise/recognize). A negated cue ("does not
// recognize", "refused to accept", "without recognising") turns engagement into wariness; a cue
// under a condition or demand ("requires China to recognise", "urged it to engage") says nothing.
// The most specific cue in the document wins (the first of equals); its span, from the negator
// when there is one, is the evidence.
import type { Posture, PostureLabel } from '../../model/index.js';
import { conditionalCues } from '../lexicons.js';
import type { Analysis, SentenceRange } from '../analysis.js';
import { TokenKind, normaliseWord, type Token } from '../tokenizer.js';
import { negationAt } from './sentence-context.js';
import type { ExtractionStage } from '../stage.js';

/** One pattern element: a set of words, a gap of up to `gap` words, or the focus government. */
type Element = { words: ReadonlySet<string> } | { gap: number } | { focus: true };

interface Cue {
  elements: Element[];
  label: PostureLabel;
  /** Lower is more specific. */
  rank: number;
  /** Rank when the cue is negated ("has not recognized the Taliban" is as telling as "refuses to recognize"). */
  negatedRank: number;
}

/** Irregular forms of the word families. */
const irregular: Record<string, string[]> = {
  keep: ['kept'],
  hold: ['held'],
  recognize: ['recognition'],
  condemn: ['condemnation'],
  accredit: ['accreditation'],
  criticize: ['criticism', 'critical'],
};

/** Every form of a word: engage → engage, engages, engaged, engaging, engagement(s); -ize also as -ise. */
function inflections(base: string): string[] {
  const stem = base.endsWith('e') ? base.slice(0, -1) : base;
  const forms = [
    base,
    `${base}s`,
    `${stem}ed`,
    `${stem}ing`,
    `${base}ment`,
    `${base}ments`,
    ...(irregular[base] ?? []),
  ];
  return [...new Set(forms.flatMap((form) => (form.includes('iz') ? [form, form.replace('iz', 'is')] : [form])))];
}

/**
 * A cue from a pattern: words separated by spaces; `a|b` alternatives; `word+` all forms of the word;
 * `~N` up to N words of any kind; `@focus` the focus country's government (the Taliban, its capital,
 * "the regime", "the de facto authorities").
 */
function cue(pattern: string, label: PostureLabel, rank: number, negatedRank = rank): Cue {
  const elements: Element[] = pattern.split(' ').map((part): Element => {
    if (part === '@focus') return { focus: true };
    if (part.startsWith('~')) return { gap: Number(part.slice(1)) };
    return {
      words: new Set(part.split('|').flatMap((word) => (word.endsWith('+') ? inflections(word.slice(0, -1)) : [word]))),
    };
  });
  return { elements, label, rank, negatedRank };
}

const cues: Cue[] = [
  cue("arm ' s length", 'arms-length', 0),
  cue('arms length', 'arms-length', 0),
  cue('arm s length', 'arms-length', 0),
  cue('keep+|hold+ ~4 at a|an ~1 distance', 'arms-length', 0),
  cue('keep+|maintain+ its|their|a ~1 distance from', 'arms-length', 0),
  cue('refuse+ to recognize+', 'wary', 0),
  cue('yet to recognize+', 'wary', 0),
  cue('formally|officially recognize+ ~2 @focus', 'supportive', 0),
  cue('accredit+ ~3 ambassador|ambassadors|envoy|envoys|diplomat|diplomats|taliban', 'engaged', 0),
  cue('accept+ ~3 envoy|envoys|ambassador|ambassadors|diplomat|diplomats|credentials', 'engaged', 0),
  cue('hand+ over ~3 embassy ~4 @focus', 'engaged', 0),
  cue('hand+ ~3 embassy over ~3 @focus', 'engaged', 0),
  cue('recognize+ ~2 @focus', 'engaged', 1, 0),
  cue('supports|supported|supporting the taliban', 'supportive', 1),
  cue('oppose+ the taliban', 'hostile', 1),
  cue('host+|receive+ ~3 @focus', 'engaged', 1),
  cue(
    'maintain+|keep+|hold+|has|have|had ~2 contact|contacts|ties|relations|dialogue|channels|' +
      'communication|links|talks ~1 with ~3 @focus',
    'engaged',
    1,
  ),
  cue('engage+ ~1 with ~3 @focus', 'engaged', 1),
  cue('pragmatic|pragmatically ~1 engage+', 'pragmatic', 1),
  cue('engage+ pragmatically', 'pragmatic', 1),
  cue('hostile', 'hostile', 2),
  cue('hostility', 'hostile', 2),
  cue('pragmatic', 'pragmatic', 2),
  cue('pragmatism', 'pragmatic', 2),
  cue('pragmatically', 'pragmatic', 2),
  cue('wary', 'wary', 2),
  cue('condemn+|denounce+|criticize+ ~3 @focus', 'wary', 2),
  cue('critical of ~2 @focus', 'wary', 2),
  cue('cautious', 'wary', 3),
  cue('cautiously', 'wary', 3),
  cue('caution', 'wary', 3),
  cue('skeptical', 'wary', 3),
  cue('sceptical', 'wary', 3),
  cue('restrained position', 'wary', 3),
  cue('engagement', 'engaged', 4),
  cue('engage with', 'engaged', 4),
  cue('engage+ at|directly|closely|actively|constructively', 'engaged', 4),
];

const byFirstWord = new Map<string, Cue[]>();
for (const entry of cues) {
  const first = entry.elements[0];
  if (!first || !('words' in first)) throw new Error('a posture cue opens with a word');
  for (const word of first.words) {
    const list = byFirstWord.get(word) ?? [];
    list.push(entry);
    byFirstWord.set(word, list);
  }
}

/** Words that name the focus government on their own ("the Taliban", "the regime", "the Islamic Emirate"). */
const focusWords = new Set(['taliban', 'taleban', 'emirate', 'regime', 'rulers', 'iea']);
/** Nouns that name it after a qualifier ("the de facto authorities", "the new government"). */
const governmentNouns = new Set(['authorities', 'government', 'administration', 'leadership', 'authority']);
const governmentQualifiers = new Set([
  'facto',
  'new',
  'interim',
  'caretaker',
  'afghan',
  'current',
  'incumbent',
  'acting',
]);

export function findPosture(analysis: Analysis): Posture | null {
  const { tokens } = analysis;
  const focusCapital = focusCapitalWord(analysis);
  const isFocus = (j: number): boolean => {
    const norm = (tokens[j] as Token).norm;
    return (
      focusWords.has(norm) ||
      norm === focusCapital ||
      (governmentNouns.has(norm) && governmentQualifiers.has(tokens[j - 1]?.norm ?? ''))
    );
  };
  let best: { label: PostureLabel; rank: number; start: number; end: number } | null = null;
  for (const range of analysis.sentences) {
    for (let k = range.first; k < range.end; k++) {
      const token = tokens[k] as Token;
      if (token.kind === TokenKind.Punct && token.norm !== "'") continue;
      const candidates = byFirstWord.get(token.norm);
      if (!candidates) continue;
      for (const candidate of candidates) {
        if (best && best.rank <= Math.min(candidate.rank, candidate.negatedRank)) continue;
        const last = matchFrom(tokens, range, candidate.elements, 1, k + 1, isFocus);
        if (last < 0 || isConditional(tokens, range, k)) continue;
        // "has not formally recognized the Taliban": a denied recognition is a refusal.
        const negator = negationAt(analysis, range, k);
        const negated = negator !== null;
        const label: PostureLabel = negated
          ? candidate.label === 'engaged' || candidate.label === 'supportive'
            ? 'wary'
            : candidate.label === 'hostile' || candidate.label === 'wary'
              ? 'unclear'
              : candidate.label
          : candidate.label;
        if (label === 'unclear') continue;
        const rank = negated ? candidate.negatedRank : candidate.rank;
        if (best && best.rank <= rank) continue;
        best = { label, rank, start: (tokens[negator ?? k] as Token).start, end: (tokens[last] as Token).end };
      }
    }
  }
  return best ? { label: best.label, evidence: { start: best.start, end: best.end } } : null;
}

/** Whether a conditional word stands among the four words before token k, in its clause. */
function isConditional(tokens: readonly Token[], range: SentenceRange, k: number): boolean {
  for (let j = k - 1; j >= range.first && j >= k - 4; j--) {
    const token = tokens[j] as Token;
    if (token.raw === ',' || token.raw === ';') return false;
    if (conditionalCues.has(token.norm) && !(token.norm === 'may' && token.capitalised)) return true;
  }
  return false;
}

/**
 * Matches elements[e…] from token j within the sentence; returns the index of the last matched
 * token, or -1. Gaps take as few words as they can and never cross punctuation other than ' and -.
 */
function matchFrom(
  tokens: readonly Token[],
  range: SentenceRange,
  elements: readonly Element[],
  e: number,
  j: number,
  isFocus: (j: number) => boolean,
): number {
  if (e === elements.length) return j - 1;
  const element = elements[e] as Element;
  if ('gap' in element) {
    for (let skip = 0; skip <= element.gap; skip++) {
      const found = matchFrom(tokens, range, elements, e + 1, j + skip, isFocus);
      if (found >= 0) return found;
      const skipped = tokens[j + skip];
      if (
        !skipped ||
        j + skip >= range.end ||
        (skipped.kind === TokenKind.Punct && skipped.norm !== "'" && skipped.norm !== '-')
      )
        return -1;
    }
    return -1;
  }
  if (j >= range.end) return -1;
  const ok = 'focus' in element ? isFocus(j) : element.words.has((tokens[j] as Token).norm);
  return ok ? matchFrom(tokens, range, elements, e + 1, j + 1, isFocus) : -1;
}

/** The focus country's capital as one normalised word ("kabul"), when it is one word. */
function focusCapitalWord(analysis: Analysis): string | null {
  const id = analysis.gazetteer.capitalOfCountry.get(analysis.focusCountry);
  const name = id ? analysis.gazetteer.entities.get(id)?.name : undefined;
  return name && !name.includes(' ') ? normaliseWord(name) : null;
}

export const postureStage: ExtractionStage<'analysis', 'posture'> = {
  name: 'posture',
  requires: ['analysis'],
  provides: ['posture'],
  run: ({ analysis }) => ({ posture: findPosture(analysis) }),
};
