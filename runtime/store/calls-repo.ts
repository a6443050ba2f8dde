import { and, asc, desc, eq, exists, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { type CALL_DIRECTIONS, type CALL_PARTIES, type CALL_STATES, callAgents, calls, conversationParticipants, type RECORDING_MODES, users } from "../../drizzle/schema";
import { changes, type Db, forUpdate, inTransaction, many, one } from "#store-dialect";
import { orderedId } from "./ordered-id";
import type { RepoOptions } from "./repo-options";

/** A call's row, as drizzle reads it. */
export type CallRecord = typeof calls.$inferSelect;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallState = (typeof CALL_STATES)[number];
/** Who hung up: the caller, an agent, or the system (a hang-up node, a lost peer, a restart…). */
export type CallParty = (typeof CALL_PARTIES)[number];
export type RecordingMode = (typeof RECORDING_MODES)[number];

export interface NewCall {
  /** Default: a time-ordered id (`orderedId`). */
  id?: string;
  channelId: string | null;
  channelType: string;
  direction: CallDirection;
  /** The caller's address as the channel knows it (a web visitor id, a phone number). */
  from: string | null;
  /** The callee's address. */
  to: string | null;
  sessionId?: string | null;
  /** Default `ringing`; `active` stamps `answered_at` with the creation time. */
  state?: Exclude<CallState, "ended">;
}

export interface CallEnd {
  at: number;
  /** hangup, hangup_node, ice_timeout, peer_gone, no_rtp, transport_failed, media_process_exit, media_lost_on_restart, shutdown… */
  reason: string;
  hungUpBy: CallParty | null;
}

/** What the recorder says; fields left out stay as they are, null clears them. */
export interface RecordingUpdate {
  /** The setting that applied to the call. */
  mode: RecordingMode;
  /** The Ogg/Opus file, relative to `$DATA_DIR/recordings` (no `..`, not absolute). */
  path?: string | null;
  ms?: number | null;
  error?: string | null;
}

/** One stay of an agent on a call, with the agent's name (null once the user is deleted). */
export interface CallAgent {
  id: string;
  callId: string;
  userId: string | null;
  name: string | null;
  joinedAt: number;
  leftAt: number | null;
}

export interface CallListFilter {
  /** 1..500, default 50. */
  limit?: number;
  /** A call id: only calls listed after it (older; the previous page's last id). An unknown id gives no calls. */
  before?: string;
  channelType?: string;
  /**
   * Only the calls of this user: the ones they were on (an agent's stay), and the outbound calls
   * they placed (the call's room has them as an agent on the console, as `Rooms.openOutbound`
   * writes it), answered or not.
   */
  userId?: string;
}

export const CALLS_PAGE_SIZE = 50;
export const CALLS_MAX_PAGE_SIZE = 500;

/**
 * A recording path the recordings folder can hold: relative, without `..`, backslashes or NUL.
 * Anything else is a bug in the recorder (thrown), never written.
 */
export function checkRecordingPath(path: string): string {
  const segments = path.split("/");
  if (path === "" || path.startsWith("/") || /[\\\0]/.test(path) || segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new Error(`recording path ${JSON.stringify(path)} must be relative to the recordings folder, without . or .. segments`);
  }
  return path;
}

const notEnded = ne(calls.state, "ended");

/**
 * Calls on the media plane: one row per call (channel, direction, parties, state, times, who hung
 * up and why, session, room, hold time, recording) and the agents who were on it. The media
 * controller writes it as the call goes; the call logs and the recording player read it.
 */
export class CallsRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Inserts the call (created now); throws on a taken id or an unknown channel or session (foreign keys). */
  async create(input: NewCall): Promise<CallRecord> {
    const at = this.now();
    const state = input.state ?? "ringing";
    const row = await one(
      this.db
        .insert(calls)
        .values({
          id: input.id ?? orderedId(at),
          channelId: input.channelId,
          channelType: input.channelType,
          direction: input.direction,
          fromAddress: input.from,
          toAddress: input.to,
          state,
          sessionId: input.sessionId ?? null,
          createdAt: at,
          answeredAt: state === "active" ? at : null,
        })
        .returning(),
    );
    if (row === undefined) throw new Error("inserting a call returned no row");
    return row;
  }

  /** A ringing call was answered: `active` from `at`. False when it was not ringing (answered already, ended, unknown). */
  async answered(callId: string, at: number): Promise<boolean> {
    return (await changes(this.db.update(calls).set({ state: "active", answeredAt: at }).where(and(eq(calls.id, callId), eq(calls.state, "ringing"))))) > 0;
  }

  /** The flow session the call runs. False for an unknown call. */
  async linkSession(callId: string, sessionId: string): Promise<boolean> {
    return (await changes(this.db.update(calls).set({ sessionId }).where(eq(calls.id, callId)))) > 0;
  }

  /** The agent room the call reached. False for an unknown call. */
  async linkConversation(callId: string, conversationId: string): Promise<boolean> {
    return (await changes(this.db.update(calls).set({ conversationId }).where(eq(calls.id, callId)))) > 0;
  }

  /**
   * An agent joined the call at `at`. False when the call is ended or unknown, or the agent is on
   * it already (their stay goes on); an agent who left and comes back gets a new stay.
   */
  async agentJoined(callId: string, userId: string, at: number): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      // The call's row locked (PostgreSQL): a racing join of the same agent, or the call's end, waits for this one.
      const call = await one(forUpdate(tx.select({ state: calls.state }).from(calls).where(eq(calls.id, callId))));
      if (call === undefined || call.state === "ended") return false;
      const onIt = await one(
        tx
          .select({ id: callAgents.id })
          .from(callAgents)
          .where(and(eq(callAgents.callId, callId), eq(callAgents.userId, userId), isNull(callAgents.leftAt))),
      );
      if (onIt !== undefined) return false;
      await changes(tx.insert(callAgents).values({ id: orderedId(at), callId, userId, joinedAt: at }));
      return true;
    });
  }

  /** The agent left the call at `at`. False when they were not on it. */
  async agentLeft(callId: string, userId: string, at: number): Promise<boolean> {
    return (await changes(this.db.update(callAgents).set({ leftAt: at }).where(and(eq(callAgents.callId, callId), eq(callAgents.userId, userId), isNull(callAgents.leftAt))))) > 0;
  }

  /** Adds `ms` (≥ 0) to the time agents held the caller. False for an unknown call. */
  async addHold(callId: string, ms: number): Promise<boolean> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`hold time must be a finite number of milliseconds ≥ 0, got ${ms}`);
    return (await changes(this.db.update(calls).set({ holdMs: sql`${calls.holdMs} + ${Math.round(ms)}` }).where(eq(calls.id, callId)))) > 0;
  }

  /**
   * The call ended: state, time, reason and who hung up, and every agent still on it left at the
   * same time, in one transaction. The first end wins: answers the ended row, or undefined when
   * the call had ended already (or does not exist) and nothing changed.
   */
  async ended(callId: string, end: CallEnd): Promise<CallRecord | undefined> {
    return inTransaction(this.db, async (tx) => {
      const row = await one(
        tx
          .update(calls)
          .set({ state: "ended", endedAt: end.at, endReason: end.reason, hungUpBy: end.hungUpBy })
          .where(and(eq(calls.id, callId), notEnded))
          .returning(),
      );
      if (row !== undefined) await changes(tx.update(callAgents).set({ leftAt: end.at }).where(and(eq(callAgents.callId, callId), isNull(callAgents.leftAt))));
      return row;
    });
  }

  /** Stamps the recording: the mode that applied, and the file, its length or the error when given. False for an unknown call. */
  async recording(callId: string, update: RecordingUpdate): Promise<boolean> {
    const change: Partial<typeof calls.$inferInsert> = { recordingMode: update.mode };
    if (update.path !== undefined) change.recordingPath = update.path === null ? null : checkRecordingPath(update.path);
    if (update.ms !== undefined) change.recordingMs = update.ms === null ? null : Math.max(0, Math.round(update.ms));
    if (update.error !== undefined) change.recordingError = update.error;
    return (await changes(this.db.update(calls).set(change).where(eq(calls.id, callId)))) > 0;
  }

  async get(callId: string): Promise<CallRecord | undefined> {
    return one(this.db.select().from(calls).where(eq(calls.id, callId)));
  }

  /** The agents' stays on the call, first joined first. */
  async agents(callId: string): Promise<CallAgent[]> {
    return (await this.agentsOf([callId])).get(callId) ?? [];
  }

  /** The agents' stays of several calls, by call id (a call with none is absent). */
  async agentsOf(callIds: readonly string[]): Promise<Map<string, CallAgent[]>> {
    const byCall = new Map<string, CallAgent[]>();
    if (callIds.length === 0) return byCall;
    const rows = await many(
      this.db
        .select({ id: callAgents.id, callId: callAgents.callId, userId: callAgents.userId, name: users.name, joinedAt: callAgents.joinedAt, leftAt: callAgents.leftAt })
        .from(callAgents)
        .leftJoin(users, eq(users.id, callAgents.userId))
        .where(inArray(callAgents.callId, [...new Set(callIds)]))
        .orderBy(asc(callAgents.joinedAt), asc(callAgents.id)),
    );
    for (const row of rows) byCall.set(row.callId, [...(byCall.get(row.callId) ?? []), row]);
    return byCall;
  }

  /** The session's calls, newest first. */
  async bySession(sessionId: string): Promise<CallRecord[]> {
    return many(this.db.select().from(calls).where(eq(calls.sessionId, sessionId)).orderBy(desc(calls.createdAt), desc(calls.id)));
  }

  /** The calls of several sessions (a page of the call logs), newest first. */
  async bySessions(sessionIds: readonly string[]): Promise<CallRecord[]> {
    if (sessionIds.length === 0) return [];
    return many(
      this.db
        .select()
        .from(calls)
        .where(inArray(calls.sessionId, [...new Set(sessionIds)]))
        .orderBy(desc(calls.createdAt), desc(calls.id)),
    );
  }

  /** The calls of an agent room (a call placed from the console, a caller handed to agents), newest first. */
  async byConversation(conversationId: string): Promise<CallRecord[]> {
    return many(this.db.select().from(calls).where(eq(calls.conversationId, conversationId)).orderBy(desc(calls.createdAt), desc(calls.id)));
  }

  /** Calls newest first, a page at a time (`before`: the last id of the previous page). */
  async list(filter: CallListFilter = {}): Promise<CallRecord[]> {
    const limit = Math.min(CALLS_MAX_PAGE_SIZE, Math.max(1, Math.trunc(filter.limit ?? CALLS_PAGE_SIZE)));
    let after: SQL | undefined;
    if (filter.before !== undefined) {
      const cursor = await one(this.db.select({ createdAt: calls.createdAt, id: calls.id }).from(calls).where(eq(calls.id, filter.before)));
      if (cursor === undefined) return [];
      after = or(lt(calls.createdAt, cursor.createdAt), and(eq(calls.createdAt, cursor.createdAt), lt(calls.id, cursor.id)));
    }
    return many(
      this.db
        .select()
        .from(calls)
        .where(and(after, filter.channelType === undefined ? undefined : eq(calls.channelType, filter.channelType), filter.userId === undefined ? undefined : this.ofUser(filter.userId)))
        .orderBy(desc(calls.createdAt), desc(calls.id))
        .limit(limit),
    );
  }

  /** The user was on the call, or placed it (an outbound call whose room has them as an agent on the console). */
  private ofUser(userId: string): SQL | undefined {
    const stayed = this.db.select({ one: sql`1` }).from(callAgents).where(and(eq(callAgents.callId, calls.id), eq(callAgents.userId, userId)));
    const placed = this.db
      .select({ one: sql`1` })
      .from(conversationParticipants)
      .where(
        and(
          eq(conversationParticipants.conversationId, calls.conversationId),
          eq(conversationParticipants.channel, "console"),
          eq(conversationParticipants.address, userId),
          eq(conversationParticipants.role, "agent"),
        ),
      );
    return or(exists(stayed), and(eq(calls.direction, "outbound"), exists(placed)));
  }

  /** Every call not ended, oldest first. */
  async live(): Promise<CallRecord[]> {
    return many(this.db.select().from(calls).where(notEnded).orderBy(asc(calls.createdAt), asc(calls.id)));
  }

  /**
   * Ends every call not ended (hung up by the system, for `reason`, e.g. `media_lost_on_restart`),
   * with their agents, in one transaction; answers their ids and sessions. Start-up runs it: the
   * media of those calls died with the previous process.
   */
  async endAllLive(at: number, reason: string): Promise<{ id: string; sessionId: string | null }[]> {
    return inTransaction(this.db, async (tx) => {
      const ended = await many(tx.update(calls).set({ state: "ended", endedAt: at, endReason: reason, hungUpBy: "system" }).where(notEnded).returning({ id: calls.id, sessionId: calls.sessionId }));
      if (ended.length > 0) {
        await changes(
          tx
            .update(callAgents)
            .set({ leftAt: at })
            .where(and(inArray(callAgents.callId, ended.map((call) => call.id)), isNull(callAgents.leftAt))),
        );
      }
      return ended;
    });
  }

  /** Ended calls created before `at` that still have a recording file, oldest first (at most `limit`). */
  async withRecordingsOlderThan(at: number, limit = 500): Promise<CallRecord[]> {
    return many(
      this.db
        .select()
        .from(calls)
        .where(and(lt(calls.createdAt, at), isNotNull(calls.recordingPath), eq(calls.state, "ended")))
        .orderBy(asc(calls.createdAt), asc(calls.id))
        .limit(limit),
    );
  }

  /**
   * Forgets the recording's file (after retention deleted it): path and error cleared; the mode
   * and length stay, so the call log can say a recording existed. False for an unknown call.
   */
  async clearRecording(callId: string): Promise<boolean> {
    return (await changes(this.db.update(calls).set({ recordingPath: null, recordingError: null }).where(eq(calls.id, callId)))) > 0;
  }
}
