// Stage: posture — the actor's stance toward the focus country's government, from cue phrases
// ("arm's length" → arms-length; "recognized the Taliban", "accredited an ambassador" → engaged;
// "refuses to recognize" → wary; "opposes the Taliban" → hostile), with the cue as evidence.
// The most specific cue in the document wins; no cue → null.
import type { Posture, PostureLabel } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { TokenKind, type Token } from '../tokenizer.js';

interface Cue {
  /** Normalised tokens; '*' matches any one word. */
  phrase: string[];
  label: PostureLabel;
  /** Lower is more specific. */
  rank: number;
}

const cue = (phrase: string, label: PostureLabel, rank: number): Cue => ({ phrase: phrase.split(' '), label, rank });

const cues: Cue[] = [
  cue("arm ' s length", 'arms-length', 0),
  cue('arms length', 'arms-length', 0),
  cue('arm s length', 'arms-length', 0),
  cue('refuses to recognize', 'wary', 0),
  cue('refused to recognize', 'wary', 0),
  cue('refuses to recognise', 'wary', 0),
  cue('not recognized the taliban', 'wary', 0),
  cue('not recognize the taliban', 'wary', 0),
  cue('not recognised the taliban', 'wary', 0),
  cue('yet to recognize', 'wary', 0),
  cue('formally recognized the taliban', 'supportive', 0),
  cue('officially recognized the taliban', 'supportive', 0),
  cue('recognized the taliban', 'engaged', 1),
  cue('recognised the taliban', 'engaged', 1),
  cue('accredited an ambassador', 'engaged', 0),
  cue('accredited a taliban', 'engaged', 0),
  cue('accepted a taliban ambassador', 'engaged', 0),
  cue('accepted the taliban ambassador', 'engaged', 0),
  cue('supports the taliban', 'supportive', 1),
  cue('opposes the taliban', 'hostile', 1),
  cue('opposed the taliban', 'hostile', 1),
  cue('hostile', 'hostile', 2),
  cue('hostility', 'hostile', 2),
  cue('pragmatic', 'pragmatic', 2),
  cue('pragmatism', 'pragmatic', 2),
  cue('pragmatically', 'pragmatic', 2),
  cue('wary', 'wary', 2),
  cue('cautious', 'wary', 3),
  cue('caution', 'wary', 3),
  cue('skeptical', 'wary', 3),
  cue('sceptical', 'wary', 3),
  cue('restrained position', 'wary', 3),
  cue('engagement', 'engaged', 4),
  cue('engage with', 'engaged', 4),
];

const byFirstWord = new Map<string, Cue[]>();
for (const entry of cues) {
  const list = byFirstWord.get(entry.phrase[0] as string) ?? [];
  list.push(entry);
  byFirstWord.set(entry.phrase[0] as string, list);
}

export function findPosture(analysis: Analysis): Posture | null {
  const { tokens } = analysis;
  let best: { cue: Cue; start: number; end: number } | null = null;
  for (const range of analysis.sentences) {
    for (let k = range.first; k < range.end; k++) {
      const token = tokens[k] as Token;
      if (token.kind === TokenKind.Punct && token.norm !== "'") continue;
      const candidates = byFirstWord.get(token.norm);
      if (!candidates) continue;
      for (const candidate of candidates) {
        if (best && best.cue.rank <= candidate.rank) continue;
        let ok = true;
        let j = k;
        for (let p = 1; p < candidate.phrase.length; p++) {
          j++;
          if (j >= range.end || (candidate.phrase[p] !== '*' && (tokens[j] as Token).norm !== candidate.phrase[p])) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        // "has not formally recognized the Taliban": a denied recognition is a refusal.
        let negated = false;
        for (let n = k - 1; n >= range.first && n >= k - 3; n--) {
          const word = (tokens[n] as Token).norm;
          if (word === 'not' || word === 'never' || word === 'yet' || word === 'no') negated = true;
        }
        const label: PostureLabel = negated ? (candidate.label === 'engaged' || candidate.label === 'supportive' ? 'wary' : candidate.label === 'hostile' || candidate.label === 'wary' ? 'unclear' : candidate.label) : candidate.label;
        if (label === 'unclear') continue;
        best = { cue: { ...candidate, label }, start: (tokens[negated ? firstNegator(tokens, k, range.first) : k] as Token).start, end: (tokens[j] as Token).end };
      }
    }
  }
  return best ? { label: best.cue.label, evidence: { start: best.start, end: best.end } } : null;
}

function firstNegator(tokens: readonly Token[], k: number, floor: number): number {
  for (let n = Math.max(floor, k - 3); n < k; n++) {
    const word = (tokens[n] as Token).norm;
    if (word === 'not' || word === 'never' || word === 'yet' || word === 'no') return n;
  }
  return k;
}
