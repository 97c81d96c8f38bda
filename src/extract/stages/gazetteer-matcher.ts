// Stage: gazetteer mentions. Longest-match of every known name over the whole text (title,
// headings and body), then a known project's kind noun written after it joins its span
// ("TAPI pipeline"), and a "trans-" prefix plus a kind noun makes a project ("trans-Afghan railway").
import { slugify } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { matchGazetteer, type KnownEntity } from '../gazetteer-index.js';
import { projectHeads } from '../lexicons.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';

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
  return mentions;
}
