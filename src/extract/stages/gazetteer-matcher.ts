// Stage: gazetteer mentions. Longest-match of every known name over the whole text (title,
// headings and body), then a known project's kind noun written after it joins its span
// ("TAPI pipeline"), a "trans-" prefix plus a kind noun makes a project ("trans-Afghan railway"),
// and places chained by dashes before a kind noun name one route ("Baku–Tbilisi–Kars railway").
import { slugify } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { matchGazetteer, type KnownEntity } from '../gazetteer-index.js';
import { projectHeads } from '../lexicons.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';
import { byStart, type DraftMention } from './draft-mention.js';

/** Administrative division nouns that name a unit only when capitalised as part of its name. */
const divisionNouns: ReadonlySet<string> = new Set(['province', 'region', 'district', 'oblast', 'county', 'governorate', 'prefecture', 'state']);

export function findGazetteerMentions(analysis: Analysis): DraftMention[] {
  const { tokens, gazetteer } = analysis;
  const mentions: DraftMention[] = [];
  for (const match of matchGazetteer(gazetteer, tokens)) {
    const entity = match.entity;
    let lastToken = match.lastToken;
    let first = match.firstToken;
    let type = entity.type;
    let resolved: KnownEntity = entity;
    const next = tokens[lastToken + 1];
    const headFollows = next !== undefined && next.kind === TokenKind.Word && !next.newlineBefore && projectHeads.has(next.norm);
    const secondNext = tokens[lastToken + 2];
    if (entity.type === 'project' && headFollows && !next.capitalised) {
      lastToken++;
    } else if (entity.type === 'project' && next && secondNext && (next.norm === 'power' || next.norm === 'transmission' || next.norm === 'gas' || next.norm === 'oil') && secondNext.norm !== next.norm && projectHeads.has(secondNext.norm) && !next.capitalised && !secondNext.capitalised) {
      lastToken += 2;
    } else if ((entity.type === 'country' || entity.type === 'place') && headFollows) {
      // "trans-Afghan railway", "Trans-Caspian pipeline": prefix + joiner + name + kind noun.
      const joiner = tokens[first - 1];
      const prefix = tokens[first - 2];
      if (joiner && prefix && isJoiner(joiner) && !joiner.spaceBefore && !joiner.newlineBefore && (prefix.norm === 'trans' || prefix.norm === 'cross')) {
        first -= 2;
        lastToken++;
        const name = analysis.text.slice((tokens[first] as Token).start, (tokens[lastToken] as Token).end);
        const id = slugify(name);
        resolved = gazetteer.entities.get(id) ?? { id, type: 'project', name, country: null, wikidata: null, aliases: [] };
        type = resolved.type;
      }
    }
    // "Faryab province", "Sughd region": a generic division noun written in lowercase after a
    // place name is not part of the name (the annotators' rule); "Faryab Province" stays whole.
    const last = tokens[lastToken] as Token;
    if (type === 'place' && lastToken > first && !last.capitalised && divisionNouns.has(last.norm)) lastToken--;
    const startToken = tokens[first] as Token;
    const endToken = tokens[lastToken] as Token;
    mentions.push({
      start: startToken.start,
      end: endToken.end,
      firstToken: first,
      lastToken,
      type,
      entity: resolved,
      country: resolved.country,
      source: 'gazetteer',
    });
  }
  return joinDashedChains(analysis, mentions);
}

/**
 * "Baku–Tbilisi–Kars railway", "Termez–Mazar-i-Sharif railway", "China–Kyrgyzstan–Uzbekistan
 * railway": two or more places (or capitalised names) joined by dashes written without spaces,
 * then a lowercase kind noun, are one project; the longest name wins over the places inside it.
 * At least one link must be a known place or country, so that any hyphenated capitalised pair
 * before "line" does not become a route.
 */
function joinDashedChains(analysis: Analysis, mentions: DraftMention[]): DraftMention[] {
  const { tokens, gazetteer } = analysis;
  const startingAt = new Map<number, DraftMention>();
  for (const mention of mentions) startingAt.set(mention.firstToken, mention);
  const replaced = new Set<DraftMention>();
  const added: DraftMention[] = [];
  /** The last token of the chain link starting at k, or -1. */
  const linkAt = (k: number, inner: DraftMention[]): number => {
    const mention = startingAt.get(k);
    if (mention) {
      if (mention.type !== 'place' && mention.type !== 'country') return -1;
      inner.push(mention);
      return mention.lastToken;
    }
    const token = tokens[k];
    return token && token.kind === TokenKind.Word && token.capitalised && !token.allCaps ? k : -1;
  };
  for (let k = 0; k < tokens.length; k++) {
    const inner: DraftMention[] = [];
    let last = linkAt(k, inner);
    if (last < 0) continue;
    let links = 1;
    for (;;) {
      const dash = tokens[last + 1];
      const following = tokens[last + 2];
      if (!dash || !following || !isJoiner(dash) || dash.spaceBefore || following.spaceBefore || dash.newlineBefore) break;
      const linkLast = linkAt(last + 2, inner);
      if (linkLast < 0) break;
      last = linkLast;
      links++;
    }
    const head = tokens[last + 1];
    if (links < 2 || inner.length === 0 || !head || head.kind !== TokenKind.Word || head.capitalised || head.newlineBefore || !projectHeads.has(head.norm)) {
      // Skip past the links read, so that a chain is never read again from its middle.
      if (links >= 2) k = last;
      continue;
    }
    const first = tokens[k] as Token;
    const name = analysis.text.slice(first.start, head.end);
    const id = slugify(name);
    const entity: KnownEntity = gazetteer.entities.get(id) ?? { id, type: 'project', name, country: null, wikidata: null, aliases: [] };
    for (const mention of inner) replaced.add(mention);
    added.push({ start: first.start, end: head.end, firstToken: k, lastToken: last + 1, type: entity.type, entity, country: entity.country, source: 'gazetteer' });
    k = last + 1;
  }
  if (added.length === 0) return mentions;
  return [...mentions.filter((mention) => !replaced.has(mention)), ...added].sort(byStart);
}
