import { LruCache } from "../../cache/lru-cache";
import type { DriverContext } from "../channel-driver";

/** The inbound log's id of a call's first webhook: where the call's session id is kept. */
export const incomingEventId = (callSid: string): string => `${callSid}:start`;

/**
 * Which session a call runs in. A call's session gets a time-ordered id (UUIDv7) when the call
 * comes in; the inbound log stores it with the answer to the incoming webhook (`${CallSid}:start`),
 * and every later callback of the call finds it there (and, while the call is live, in this cache,
 * which also covers a status callback racing the incoming webhook's answer). Time-ordered
 * ids keep everything indexed by session — the session itself, its steps, its timers, its inbound
 * events — appended at the end of their indexes instead of on a random page per write: a
 * webhook's commit writes about a third fewer pages, and live calls' pages stay in the cache
 * however large the database grows.
 */
export class CallSessions {
  private readonly known = new LruCache<string, string>(4_096);

  /** Notes the session a call runs in (the incoming webhook, once its session is chosen). */
  remember(channelId: string, callSid: string, sessionId: string): void {
    this.known.set(key(channelId, callSid), sessionId);
  }

  /** The session of a call of this channel; undefined when the call never came in here. */
  async find(channelId: string, callSid: string, context: DriverContext): Promise<string | undefined> {
    const cached = this.known.get(key(channelId, callSid));
    if (cached !== undefined) return cached;
    const sessionId = await context.store.inbound.sessionOf(channelId, incomingEventId(callSid));
    if (sessionId !== undefined) this.known.set(key(channelId, callSid), sessionId);
    return sessionId;
  }
}

const key = (channelId: string, callSid: string) => `${channelId}\n${callSid}`;
