// A cache of serialised JSON answers keyed by what was asked and valid for one store revision:
// any committed write (from this process or another) moves the revision and so retires every
// entry. Each entry carries a strong ETag so clients can revalidate with If-None-Match.
import { createHash } from 'node:crypto';

export interface CachedJson {
  /** The UTF-8 bytes of the JSON answer (kept encoded: sending them costs no re-encoding). */
  body: Buffer;
  etag: string;
}

/** A cached page of a list: the answer and its `next` cursor (null on the last page), kept beside the bytes. */
export type CachedPage = CachedJson & { next: string | null };

export class RevisionCache {
  private revision: string | null = null;
  private readonly entries = new Map<string, CachedJson & { next?: string | null }>();

  constructor(private readonly maxEntries = 500) {}

  /** The cached answer for `key` at `revision`, computing and storing it when absent. */
  async get(key: string, revision: string, compute: () => Promise<unknown>): Promise<CachedJson> {
    if (revision !== this.revision) {
      this.entries.clear();
      this.revision = revision;
    }
    const hit = this.entries.get(key);
    if (hit) return hit;
    const value = await compute();
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    const entry: CachedJson & { next?: string | null } = {
      body,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    };
    // A page of a list keeps its cursor, so a hit never parses the body to find it.
    if (value !== null && typeof value === 'object' && 'next' in value)
      entry.next = (value as { next: string | null }).next;
    // Only keep what was computed for the revision still current (a write may have landed meanwhile).
    if (this.revision === revision) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** A page of a list (an answer with a `next` cursor), cached like `get`, with its cursor. */
  async getPage(key: string, revision: string, compute: () => Promise<{ next: string | null }>): Promise<CachedPage> {
    const entry: CachedJson & { next?: string | null } = await this.get(key, revision, compute);
    return { body: entry.body, etag: entry.etag, next: entry.next ?? null };
  }
}
