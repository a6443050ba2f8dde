import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, exists, gte, isNull, lt, ne, or, type SQL } from "drizzle-orm";
import type { SENTIMENT_LABELS } from "../../drizzle/insight-enums";
import { conversationInsights, conversations, sessions, sessionSteps, type SESSION_STATUSES } from "../../drizzle/schema";
import type { FlowDocument } from "../../flow-schema/document";
import { type Db, type Executor, groupCommit, many } from "#store-dialect";
import { flowDocumentCodec } from "./flow-document-codec";
import { fromJsonText, type JsonValue, toJsonText } from "./json-text";
import { err, ok, type Result } from "./result";
import { sessionCursor } from "./session-cursor";
import { prepareHasFewSessions, prepareIsSessionReachedBy, sessionIdsOf, sessionReachedBy } from "./session-visibility";
import { InvalidCursor, SessionNotFound, StaleRevision } from "./store-errors";
import { MAX_STEP_ROWS, prepareSessionStatements, type SessionStatements, sessionSummaryColumns as summaryColumns } from "./session-statements";
import type { RepoOptions } from "./repo-options";
import { type TimerInput, TimerWrites } from "./timer-writes";
import { type SessionDims, startedFacts, stepFacts } from "./analytics/rollup-facts";
import { RollupWrites } from "./analytics/rollup-writes";

export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface SessionSummary {
  id: string;
  flowId: string;
  /** The pinned version; null for a draft simulation. */
  version: number | null;
  source: "published" | "draft";
  channelType: string;
  channelId: string | null;
  contact: string | null;
  status: SessionStatus;
  rev: number;
  stepCount: number;
  endReason: string | null;
  startedAt: number;
  updatedAt: number;
  endedAt: number | null;
}

export interface SessionRecord extends SessionSummary {
  /** The engine's state as it was stored: parse it with the engine's own schema. */
  state: JsonValue;
}

export interface SessionStep {
  seq: number;
  flowId: string;
  version: number | null;
  nodeId: string;
  nodeType: string;
  outcome: string | null;
  input: string | null;
  at: number;
}

export interface SessionWithSteps extends SessionRecord {
  steps: SessionStep[];
}

/** One step to append. `flowId` and `version` default to the session's (set them after a goto_flow). */
export interface StepInput {
  nodeId: string;
  nodeType: string;
  outcome?: string | null;
  input?: string | null;
  flowId?: string;
  version?: number | null;
  /** Default: now. */
  at?: number;
}

export interface CreateSessionInput {
  /** Default: a random UUID. */
  id?: string;
  flowId: string;
  /** The published version to pin, or null to run the draft (source "draft"). */
  version: number | null;
  channelType: string;
  channelId?: string | null;
  contact?: string | null;
  /** Any JSON-serialisable value. */
  state: unknown;
  /** A draft simulation's document snapshot (version null): read back with `getDraftDocument`. */
  document?: FlowDocument;
  status?: "active" | "waiting";
  /** Steps already taken (e.g. by the start event), written with the session. */
  steps?: readonly StepInput[];
  /** Timers armed with the session (at rev 1). */
  timers?: readonly TimerInput[];
  /** When the session started (ms). Default: now. */
  startedAt?: number;
}

/** How a step changes the session's timers, in the same transaction. Cancelling happens before arming. */
export interface TimerChanges {
  /** Cancel every pending timer of the session. */
  cancelForSession?: boolean;
  /** Cancel the pending timers of these kinds. */
  cancelKinds?: readonly string[];
  /** Arm these, at the session's new rev. */
  arm?: readonly TimerInput[];
}

export interface CommitStepInput {
  sessionId: string;
  /** The rev of the state the step was computed from. */
  expectedRev: number;
  /** Any JSON-serialisable value. */
  state: unknown;
  /** "ended" also stamps ended_at and cancels every pending timer. */
  status: SessionStatus;
  steps: readonly StepInput[];
  endReason?: string | null;
  timers?: TimerChanges;
}

/** The first step of a session created with it (`createAndCommit`): a commit at rev 1. */
export type FirstStepInput = Omit<CommitStepInput, "sessionId" | "expectedRev">;

export interface CommittedStep {
  rev: number;
  stepCount: number;
  /** Ids of the timers armed, in input order. */
  timerIds: string[];
}

export interface SessionFilter {
  flowId?: string;
  status?: SessionStatus;
  channelType?: string;
  channelId?: string;
  contact?: string;
  /** started_at >= from (ms). */
  from?: number;
  /** started_at < to (ms). */
  to?: number;
  /** Only sessions whose conversation with agents closed with this sentiment (its insights). */
  sentiment?: (typeof SENTIMENT_LABELS)[number];
  /** Default 50, at most 500. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Only the sessions this agent may read: they reached one of the agent's teams, or the agent's conversation (`sessionReachedBy`). */
  reachedBy?: string;
}

export interface SessionPage {
  /** Newest first. */
  items: SessionSummary[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const stepColumns = {
  seq: sessionSteps.seq,
  flowId: sessionSteps.flowId,
  version: sessionSteps.version,
  nodeId: sessionSteps.nodeId,
  nodeType: sessionSteps.nodeType,
  outcome: sessionSteps.outcome,
  input: sessionSteps.input,
  at: sessionSteps.at,
};

/**
 * Sessions, their append-only steps, and (through `commitStep`) their timers. Every change to a
 * session goes through one transaction guarded by `rev`: the state, the new step rows and the
 * timer changes are written together or not at all. The transactions go through `groupCommit`:
 * SQLite's group commit (one `BEGIN IMMEDIATE … COMMIT` per turn of the event loop), PostgreSQL's
 * one transaction each, where the guarded UPDATE's row lock orders writers of one session across
 * processes.
 */
export class SessionsRepo {
  private readonly now: () => number;
  private readonly statements: SessionStatements;
  private readonly timers: TimerWrites;
  /** The analytics rollups, written in the same transactions as the rows they count. */
  private readonly rollups: RollupWrites | undefined;
  /** Which sessions an agent may read (session-visibility.ts), prepared once. */
  private readonly visibility: { fewSessions: (userId: string) => Promise<boolean>; reachedBy: (sessionId: string, userId: string) => Promise<boolean> };

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.statements = prepareSessionStatements(db);
    this.timers = new TimerWrites(db);
    this.rollups = options.rollups === false ? undefined : new RollupWrites(db);
    this.visibility = { fewSessions: prepareHasFewSessions(db), reachedBy: prepareIsSessionReachedBy(db) };
  }

  /** Creates a session at rev 1, with its first steps and timers if given. */
  async createSession(input: CreateSessionInput): Promise<SessionRecord> {
    const created = this.newSession(input);
    await groupCommit(this.db, (tx) => this.insertSession(tx, input, created));
    return { ...created.row, state: fromJsonText(created.stateText) };
  }

  /**
   * `createSession` then `commitStep` at rev 1, in ONE transaction and as ONE row write: the
   * session is inserted as the first step leaves it (rev 2, as with the two calls), with the
   * step rows and timers. Resolves with what `commitStep` would have.
   */
  async createAndCommit(input: CreateSessionInput, first: FirstStepInput): Promise<CommittedStep> {
    const created = this.newSession(input);
    const stateText = toJsonText(first.state);
    const at = this.now();
    const ended = first.status === "ended";
    const before = input.steps ?? [];
    const row: SessionSummary = {
      ...created.row,
      status: first.status,
      rev: 2,
      stepCount: before.length + first.steps.length,
      endReason: first.endReason ?? null,
      updatedAt: at,
      endedAt: ended ? at : null,
    };
    return groupCommit(this.db, async (tx) => {
      await this.statements.insertSession(tx).run({ ...row, state: stateText, document: created.document });
      await this.insertSteps(tx, row, 1, before, row.startedAt);
      await this.timers.arm(tx, row.id, 1, input.timers ?? [], row.startedAt);
      await this.rollups?.add(tx, [...startedFacts(row), ...stepFacts(row, before, undefined)]);
      return this.afterUpdate(tx, row.id, { ...row, rev: 2, stepCount: row.stepCount }, { ...first, sessionId: row.id, expectedRev: 1 }, at);
    });
  }

  /** A session with its state, without steps: what the engine loads for each event. */
  async getSessionHead(id: string): Promise<SessionRecord | undefined> {
    const row = await this.statements.head.get({ id });
    return row === undefined ? undefined : { ...row, state: fromJsonText(row.state) };
  }

  /** The draft document a simulation was started with; undefined when none was stored. */
  async getDraftDocument(id: string): Promise<FlowDocument | undefined> {
    const row = await this.statements.document.get({ id });
    if (row === undefined || row.document === null) return undefined;
    return flowDocumentCodec.decode(row.document);
  }

  /** A session with its state and every step, in order: the call log. */
  async getSession(id: string): Promise<SessionWithSteps | undefined> {
    const head = await this.getSessionHead(id);
    if (head === undefined) return undefined;
    return { ...head, steps: await this.listSteps(id) };
  }

  /** Whether the session reached one of the agent's teams, or the agent's conversation (`sessionReachedBy`). */
  async isReachedBy(sessionId: string, userId: string): Promise<boolean> {
    return this.visibility.reachedBy(sessionId, userId);
  }

  async listSteps(sessionId: string): Promise<SessionStep[]> {
    return many(this.db.select(stepColumns).from(sessionSteps).where(eq(sessionSteps.sessionId, sessionId)).orderBy(asc(sessionSteps.seq)));
  }

  /** The newest session of a contact on a channel that has not ended: where an inbound message goes. */
  async findOpenSession(channelType: string, channelId: string | null, contact: string): Promise<SessionRecord | undefined> {
    // No ORDER BY … LIMIT 1: a contact has one open session (rarely a few), and sorting them built a
    // temporary b-tree on every inbound message. The newest is picked here.
    const rows = await many(
      this.db
        .select({ ...summaryColumns, state: sessions.state })
        .from(sessions)
        .where(
          and(
            eq(sessions.channelType, channelType),
            channelId === null ? isNull(sessions.channelId) : eq(sessions.channelId, channelId),
            eq(sessions.contact, contact),
            ne(sessions.status, "ended"),
          ),
        ),
    );
    const newest = rows.reduce<(typeof rows)[number] | undefined>(
      (best, row) => (best === undefined || row.startedAt > best.startedAt || (row.startedAt === best.startedAt && row.id > best.id) ? row : best),
      undefined,
    );
    return newest === undefined ? undefined : { ...newest, state: fromJsonText(newest.state) };
  }

  /** Sessions matching the filter, newest first, a page at a time (keyset on started_at, id). */
  async listSessions(filter: SessionFilter = {}): Promise<Result<SessionPage, InvalidCursor>> {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
    const conditions: Array<SQL | undefined> = [
      filter.flowId === undefined ? undefined : eq(sessions.flowId, filter.flowId),
      filter.status === undefined ? undefined : eq(sessions.status, filter.status),
      filter.channelType === undefined ? undefined : eq(sessions.channelType, filter.channelType),
      filter.channelId === undefined ? undefined : eq(sessions.channelId, filter.channelId),
      filter.contact === undefined ? undefined : eq(sessions.contact, filter.contact),
      filter.from === undefined ? undefined : gte(sessions.startedAt, filter.from),
      filter.to === undefined ? undefined : lt(sessions.startedAt, filter.to),
      filter.sentiment === undefined ? undefined : this.sentimentIs(filter.sentiment),
    ];
    if (filter.cursor !== undefined) {
      const cursor = sessionCursor.decode(filter.cursor);
      if (cursor === undefined) return err(new InvalidCursor(filter.cursor));
      conditions.push(or(lt(sessions.startedAt, cursor.startedAt), and(eq(sessions.startedAt, cursor.startedAt), lt(sessions.id, cursor.id))));
    }
    const rows = filter.reachedBy === undefined ? await this.pageOf(conditions, limit) : await this.agentPageOf(filter.reachedBy, conditions, limit);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last !== undefined ? sessionCursor.encode(last) : null;
    return ok({ items, nextCursor });
  }

  /** The session's conversation (a conversation names its latest session) closed with insights of this sentiment. */
  private sentimentIs(label: (typeof SENTIMENT_LABELS)[number]): SQL {
    return exists(
      this.db
        .select({ one: conversationInsights.conversationId })
        .from(conversations)
        .innerJoin(conversationInsights, eq(conversationInsights.conversationId, conversations.id))
        .where(and(eq(conversations.sessionId, sessions.id), eq(conversationInsights.sentimentLabel, label))),
    );
  }

  private pageOf(conditions: Array<SQL | undefined>, limit: number): Promise<SessionSummary[]> {
    return many(
      this.db
        .select(summaryColumns)
        .from(sessions)
        .where(and(...conditions))
        .orderBy(desc(sessions.startedAt), desc(sessions.id))
        .limit(limit + 1),
    );
  }

  /** A page of the sessions an agent may read, by the cheaper of two plans (see `session-visibility.ts`). */
  private async agentPageOf(userId: string, conditions: Array<SQL | undefined>, limit: number): Promise<SessionSummary[]> {
    if (!(await this.visibility.fewSessions(userId))) return this.pageOf([...conditions, sessionReachedBy(userId)], limit);
    const mine = sessionIdsOf(this.db, userId);
    return many(
      this.db
        .select(summaryColumns)
        .from(mine)
        .crossJoin(sessions)
        .where(and(eq(sessions.id, mine.sessionId), ...conditions))
        .orderBy(desc(sessions.startedAt), desc(sessions.id))
        .limit(limit + 1),
    );
  }

  /**
   * Writes one step of a session in ONE transaction: the new state, status and rev (only if the
   * session is still at `expectedRev`), the step rows (seq continuing after the last one) and the
   * timer changes. A stale rev writes nothing and returns StaleRevision: reload and recompute.
   */
  async commitStep(input: CommitStepInput): Promise<Result<CommittedStep, SessionNotFound | StaleRevision>> {
    const stateText = toJsonText(input.state);
    const at = this.now();
    return groupCommit(this.db, (tx) => this.writeStep(tx, input, stateText, at));
  }

  /** The row of a new session (rev 1) and its state as JSON text. */
  private newSession(input: CreateSessionInput): { row: SessionSummary; stateText: string; document: string | null } {
    const at = input.startedAt ?? this.now();
    const row: SessionSummary = {
      id: input.id ?? randomUUID(),
      flowId: input.flowId,
      version: input.version,
      source: input.version === null ? "draft" : "published",
      channelType: input.channelType,
      channelId: input.channelId ?? null,
      contact: input.contact ?? null,
      status: input.status ?? "active",
      rev: 1,
      stepCount: input.steps?.length ?? 0,
      endReason: null,
      startedAt: at,
      updatedAt: at,
      endedAt: null,
    };
    const document = input.document === undefined ? null : flowDocumentCodec.encode(input.document).text;
    return { row, stateText: toJsonText(input.state), document };
  }

  /** The writes of `createSession`, inside a transaction. */
  private async insertSession(tx: Executor, input: CreateSessionInput, created: { row: SessionSummary; stateText: string; document: string | null }): Promise<void> {
    const { row, stateText, document } = created;
    await this.statements.insertSession(tx).run({ ...row, state: stateText, document });
    await this.insertSteps(tx, row, 1, input.steps ?? [], row.startedAt);
    await this.timers.arm(tx, row.id, 1, input.timers ?? [], row.startedAt);
    await this.rollups?.add(tx, [...startedFacts(row), ...stepFacts(row, input.steps ?? [], undefined)]);
  }

  /** The body of `commitStep`'s transaction. */
  private async writeStep(tx: Executor, input: CommitStepInput, stateText: string, at: number): Promise<Result<CommittedStep, SessionNotFound | StaleRevision>> {
    const ended = input.status === "ended";
    const values = { id: input.sessionId, expectedRev: input.expectedRev, state: stateText, status: input.status, added: input.steps.length, at };
    const updated = ended
      ? await this.statements.commitEnded(tx).get({ ...values, endReason: input.endReason ?? null })
      : input.endReason === undefined
        ? await this.statements.commit(tx).get(values)
        : await this.statements.commitWithReason(tx).get({ ...values, endReason: input.endReason });
    if (updated === undefined) {
      const current = await this.statements.rev(tx).get({ id: input.sessionId });
      return err(current === undefined ? new SessionNotFound(input.sessionId) : new StaleRevision(input.sessionId, input.expectedRev, current.rev));
    }
    return ok(await this.afterUpdate(tx, input.sessionId, updated, input, at));
  }

  /** What follows the session row's write in a step's transaction: its step rows and timer changes. */
  private async afterUpdate(
    tx: Executor,
    sessionId: string,
    updated: { rev: number; stepCount: number } & SessionDims,
    input: CommitStepInput,
    at: number,
  ): Promise<CommittedStep> {
    await this.insertSteps(tx, { id: sessionId, flowId: updated.flowId, version: updated.version }, updated.stepCount - input.steps.length + 1, input.steps, at);
    const ended = input.status === "ended";
    await this.rollups?.add(tx, stepFacts(updated, input.steps, ended ? (input.endReason ?? null) : undefined));
    const changes = input.timers ?? {};
    if (ended || changes.cancelForSession === true) await this.timers.cancel(tx, sessionId);
    else if (changes.cancelKinds !== undefined) await this.timers.cancel(tx, sessionId, changes.cancelKinds);
    const timerIds = ended ? [] : await this.timers.arm(tx, sessionId, updated.rev, changes.arm ?? [], at);
    return { rev: updated.rev, stepCount: updated.stepCount, timerIds };
  }

  /** Appends step rows numbered from `firstSeq`, up to MAX_STEP_ROWS per INSERT. */
  private async insertSteps(tx: Executor, session: { id: string; flowId: string; version: number | null }, firstSeq: number, steps: readonly StepInput[], at: number): Promise<void> {
    for (let start = 0; start < steps.length; start += MAX_STEP_ROWS) {
      const chunk = steps.slice(start, start + MAX_STEP_ROWS);
      const params: Record<string, string | number | null> = {};
      chunk.forEach((step, index) => {
        params[`sessionId${index}`] = session.id;
        params[`seq${index}`] = firstSeq + start + index;
        params[`flowId${index}`] = step.flowId ?? session.flowId;
        params[`version${index}`] = step.version === undefined ? session.version : step.version;
        params[`nodeId${index}`] = step.nodeId;
        params[`nodeType${index}`] = step.nodeType;
        params[`outcome${index}`] = step.outcome ?? null;
        params[`input${index}`] = step.input ?? null;
        params[`at${index}`] = step.at ?? at;
      });
      await this.statements.insertSteps(chunk.length)(tx).run(params);
    }
  }
}
