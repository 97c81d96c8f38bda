// History of a profile: the word- or sentence-level diff between two versions (the `diff`
// package), rendered also as sanitised HTML, and each interest's rank over the versions.
import { diffSentences, diffWords } from 'diff';
import { DossierError, type InterestHistory, type VersionDiff } from '../model/index.js';
import type { Store } from '../store/index.js';
import { escapeHtml, sanitizeUserHtml } from './html-sanitizer.js';

export type DiffGranularity = VersionDiff['granularity'];

export class VersionHistory {
  constructor(private readonly store: Store) {}

  async diff(actorId: string, from: number, to: number, granularity: DiffGranularity = 'word'): Promise<VersionDiff> {
    const [older, newer] = await Promise.all([
      this.store.getDocument(actorId, from),
      this.store.getDocument(actorId, to),
    ]);
    if (!older) throw new DossierError('NOT_FOUND', `no version ${from} of actor "${actorId}"`);
    if (!newer) throw new DossierError('NOT_FOUND', `no version ${to} of actor "${actorId}"`);
    const parts =
      granularity === 'sentence' ? diffSentences(older.text, newer.text) : diffWords(older.text, newer.text);
    let added = 0;
    let removed = 0;
    const changes = parts.map((part) => {
      const op = part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const);
      if (op === 'added') added += part.value.length;
      if (op === 'removed') removed += part.value.length;
      return { op, text: part.value };
    });
    const html = sanitizeUserHtml(
      changes
        .map(({ op, text }) =>
          op === 'added'
            ? `<ins>${escapeHtml(text)}</ins>`
            : op === 'removed'
              ? `<del>${escapeHtml(text)}</del>`
              : escapeHtml(text),
        )
        .join(''),
    );
    return { actor: actorId, from, to, granularity, changes, added, removed, html };
  }

  async interestRanks(actorId: string): Promise<InterestHistory> {
    const versions = await this.store.listVersions(actorId);
    if (versions.length === 0) throw new DossierError('NOT_FOUND', `no actor "${actorId}"`);
    const titles: string[] = [];
    const ranks = new Map<string, Map<number, number>>();
    for (const version of versions) {
      const detail = await this.store.getActor(actorId, version.version);
      for (const interest of detail?.extraction.interests ?? []) {
        if (!ranks.has(interest.title)) {
          ranks.set(interest.title, new Map());
          titles.push(interest.title);
        }
        ranks.get(interest.title)!.set(version.version, interest.rank);
      }
    }
    return {
      actor: actorId,
      versions: versions.map(({ version, ingestedAt, asOf }) => ({ version, ingestedAt, asOf })),
      interests: titles.map((title) => ({
        title,
        ranks: versions.map(({ version }) => ({ version, rank: ranks.get(title)!.get(version) ?? null })),
      })),
    };
  }
}
