import type { ApiKeyRecord } from "./api-keys-repo";

interface Entry {
  record: ApiKeyRecord;
  /** When the entry stops being used (ms, the repository's clock). */
  until: number;
}

/**
 * Keys found recently, by key hash, for `ttlMs`: most API calls then read no row. Only keys that
 * were found are kept (a key created meanwhile is found at once); revoking through the same
 * repository drops its entry at once. A key revoked by another process stops working within
 * `ttlMs`. At most `capacity` entries; when full, the oldest is dropped.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 1_000,
  ) {}

  get(hash: string, now: number): ApiKeyRecord | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    if (now < entry.until && now >= entry.until - this.ttlMs) return entry.record;
    this.entries.delete(hash);
    return undefined;
  }

  /** Keeps `record` for `ttlMs` from `now`. */
  set(hash: string, record: ApiKeyRecord, now: number): void {
    this.entries.delete(hash);
    this.entries.set(hash, { record, until: now + this.ttlMs });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  /** Replaces the record of a cached key without extending how long it is kept. */
  update(hash: string, record: ApiKeyRecord): void {
    const entry = this.entries.get(hash);
    if (entry !== undefined) entry.record = record;
  }

  /** Drops the entry of key `id` (revoked). */
  deleteKey(id: string): void {
    for (const [hash, entry] of this.entries) if (entry.record.id === id) this.entries.delete(hash);
  }
}
