// A cache of serialised JSON answers keyed by what was asked and valid for one store revision:
// any committed write (from this process or another) moves the revision and so retires every
// entry. Each entry carries a strong ETag so clients can revalidate with If-None-Match.
import { createHash } from 'node:crypto';

export interface CachedJson {
  /** The UTF-8 bytes of the JSON answer (kept encoded: sending them costs no re-encoding). */
  body: Buffer;
  etag: string;
}

export class RevisionCache {
  private revision: string | null = null;
  private readonly entries = new Map<string, CachedJson>();

  constructor(private readonly maxEntries = 500) {}

  /** The cached answer for `key` at `revision`, computing and storing it when absent. */
  async get(key: string, revision: string, compute: () => Promise<unknown>): Promise<CachedJson> {
    if (revision !== this.revision) {
      this.entries.clear();
      this.revision = revision;
    }
    const hit = this.entries.get(key);
    if (hit) return hit;
    const body = Buffer.from(JSON.stringify(await compute()), 'utf8');
    const entry = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    // Only keep what was computed for the revision still current (a write may have landed meanwhile).
    if (this.revision === revision) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, entry);
    }
    return entry;
  }
}
