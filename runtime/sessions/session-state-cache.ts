import type { SessionState } from "../engine/index";
import { LruCache } from "../cache/lru-cache";

/** A session as the runner last committed (or loaded) it. */
export interface CachedSession {
  /** The rev of `state` in the store: the next commit expects it. */
  rev: number;
  state: SessionState;
  channelType: string;
}

/** How many live sessions keep their state in memory by default (active calls and chats). */
export const DEFAULT_STATE_CACHE_SIZE = 1024;

/**
 * The parsed state of recently used sessions, so an event does not read and re-parse the state
 * the runner itself just wrote. The store stays the truth: every commit is still guarded by the
 * cached `rev`, so a state changed behind the cache's back (another process) is caught as a stale
 * revision, dropped and reloaded. Only the runner writes here, after a commit succeeded; ended
 * sessions are dropped (no event changes them any more).
 */
export class SessionStateCache {
  private readonly entries: LruCache<string, CachedSession>;

  constructor(capacity = DEFAULT_STATE_CACHE_SIZE) {
    this.entries = new LruCache(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  get(sessionId: string): CachedSession | undefined {
    return this.entries.get(sessionId);
  }

  /** Remembers a committed state; an ended session is forgotten instead. */
  remember(sessionId: string, entry: CachedSession): void {
    if (entry.state.status === "ended") this.entries.delete(sessionId);
    else this.entries.set(sessionId, entry);
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }
}
