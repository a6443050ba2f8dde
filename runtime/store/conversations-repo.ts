import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { agentStates, conversationOffers, conversationParticipants, conversations, sessions, teamMembers, teams, timers, users } from "../../drizzle/schema";
import { changes, type Db, type Executor, forUpdate, inTransaction, many, one, prepared } from "#store-dialect";
import { bind } from "./bind";
import { answeredFacts, closedFacts, type ConversationDims, type SessionDims, transferredFacts } from "./analytics/rollup-facts";
import { RollupWrites } from "./analytics/rollup-writes";
import { appendMessage, upsertParticipant } from "./conversation-messages-repo";
import { withdrawOffers } from "./conversation-offers-repo";
import type { RepoOptions } from "./repo-options";
import { err, ok, type Result } from "./result";
import { AtCapacity, ConversationNotFound, InvalidConversationState, NoOpenOffer, OfferTaken, TransferEnded } from "./room-errors";
import {
  type ConversationPriority,
  type ConversationRecord,
  type ConversationStatus,
  effectiveCapacity,
  type MessageRecord,
  type OfferPhase,
  type OfferRecord,
  OPEN_STATUSES,
  type ParticipantRecord,
  toConversation,
} from "./room-records";

/** The timer kind the session runner arms for a transfer wait (runtime/sessions/timer-kinds.ts). */
const TRANSFER_TIMEOUT = "transfer_timeout";

export interface OpenForTransferInput {
  sessionId: string;
  teamId: string | null;
  channelType: string;
  channelId: string | null;
  contact: string | null;
  subject: string;
  priority: ConversationPriority;
  /** The session's transfer wait; null when the flow ended at the hand-off. */
  transferToken: string | null;
  transferNodeId: string | null;
  holdAudio: string | null;
  /** `single` for round robin teams (one agent first), else `broadcast`. */
  phase: OfferPhase;
  customer: { channel: string; address: string; displayName: string | null };
  /** The system message recorded (e.g. "Transferred to Support"). */
  message: string;
  /** A closed conversation of the same contact is reopened within this window (ms). */
  reopenWindowMs: number;
}

/** An agent's own outbound call: a conversation that starts active and assigned to them. */
export interface OpenOutboundInput {
  agentId: string;
  agentName: string;
  /** The team it counts for (the agent's first team, or none). */
  teamId: string | null;
  channelType: string;
  channelId: string | null;
  /** Who is called (an E.164 number on a SIP trunk). */
  contact: string;
  subject: string;
  /** The system message recorded ("Ann called +15550100"). */
  message: string;
}

export interface OpenedConversation {
  conversation: ConversationRecord;
  /** created; reopened (was closed); requeued (was waiting); kept (an agent has it already). */
  outcome: "created" | "reopened" | "requeued" | "kept";
  withdrawn: OfferRecord[];
  message: MessageRecord | undefined;
}

export interface ClaimInput {
  conversationId: string;
  userId: string;
  displayName: string;
  /** accept: needs the agent's open offer and a waiting conversation; assign: neither (reassigns an active one). */
  mode: "accept" | "assign";
  message: string;
}

export interface Claimed {
  conversation: ConversationRecord;
  /** The other agents' offers, withdrawn (reason `taken`). */
  withdrawn: OfferRecord[];
  participant: ParticipantRecord;
  message: MessageRecord | undefined;
  previousAssigneeId: string | null;
}

/** A change of a conversation: what it was, what it is, and the offers withdrawn by it. */
export interface ConversationChange {
  previous: ConversationRecord;
  conversation: ConversationRecord;
  withdrawn: OfferRecord[];
  message: MessageRecord | undefined;
}

export interface ConversationFilter {
  statuses?: readonly ConversationStatus[];
  /** Conversations of these teams (undefined: every team)… */
  teamIds?: readonly string[] | undefined;
  /** …or assigned to this agent (either matches when both are given). */
  assigneeId?: string;
}

/** Urgent first, then high, normal, low. */
const priorityRank = sql`case ${conversations.priority} when 'urgent' then 4 when 'high' then 3 when 'normal' then 2 else 1 end`;
const age = sql`coalesce(${conversations.waitingSince}, ${conversations.createdAt})`;

const SessionWait = z.looseObject({ status: z.string(), waiting: z.looseObject({ token: z.string() }).nullable() });

/**
 * Conversations (rooms): opened by a transfer, claimed by the first agent to accept (one guarded
 * UPDATE: `… WHERE status = 'waiting' AND assignee_id IS NULL`), held, transferred, closed.
 * Every change is one immediate transaction with its offers, participants and system message.
 */
export class ConversationsRepo {
  private readonly now: () => number;

  /** Asked once per transfer that ends (rooms.cancelTransfer): prepared once, not rebuilt per call. */
  private readonly waitingOnSessionQuery;
  /** Asked on every call's final status callback (is the caller in a room?): prepared once. */
  private readonly bySessionQuery;
  /** The analytics rollups, written in the same transactions as the conversations they count. */
  private readonly rollups: RollupWrites | undefined;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.rollups = options.rollups === false ? undefined : new RollupWrites(db);
    this.waitingOnSessionQuery = prepared(
      "conversations_waiting_on_session",
      db
        .select()
        .from(conversations)
        .where(and(eq(conversations.sessionId, bind("sessionId")), isNotNull(conversations.transferToken), ne(conversations.status, "closed"))),
    );
    // No ORDER BY: a session has one conversation or a few, and sorting them in SQLite built a temporary b-tree on every call.
    this.bySessionQuery = prepared("conversations_by_session", db.select().from(conversations).where(eq(conversations.sessionId, bind("sessionId"))));
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    return getRow(this.db, id);
  }

  /** The session's latest conversation. */
  async findBySession(sessionId: string): Promise<ConversationRecord | undefined> {
    const rows = await this.bySessionQuery.all({ sessionId });
    const latest = rows.reduce<(typeof rows)[number] | undefined>((newest, row) => (newest === undefined || row.createdAt > newest.createdAt || (row.createdAt === newest.createdAt && row.id > newest.id) ? row : newest), undefined);
    return latest === undefined ? undefined : toConversation(latest);
  }

  /** Sorted by priority (urgent first), then age (oldest first). */
  async list(filter: ConversationFilter = {}, limit = 200): Promise<ConversationRecord[]> {
    const scope: SQL[] = [];
    if (filter.teamIds !== undefined) scope.push(filter.teamIds.length === 0 ? sql`1 = 0` : inArray(conversations.teamId, [...filter.teamIds]));
    if (filter.assigneeId !== undefined) scope.push(eq(conversations.assigneeId, filter.assigneeId));
    const rows = await many(
      this.db
        .select()
        .from(conversations)
        .where(and(filter.statuses === undefined ? undefined : inArray(conversations.status, [...filter.statuses]), scope.length === 0 ? undefined : or(...scope)))
        .orderBy(desc(priorityRank), asc(age), asc(conversations.id))
        .limit(limit),
    );
    return rows.map(toConversation);
  }

  /** Waiting conversations of the teams, highest priority first, then first in first out. */
  async queue(teamIds: readonly string[]): Promise<ConversationRecord[]> {
    return this.list({ statuses: ["waiting"], teamIds });
  }

  /** Every waiting conversation (recovery after a restart). */
  async waiting(): Promise<ConversationRecord[]> {
    return this.list({ statuses: ["waiting"] }, 10_000);
  }

  /** Creates the session's conversation, or reopens the session's (or the contact's recent) one, waiting for an agent. */
  async openForTransfer(input: OpenForTransferInput): Promise<OpenedConversation> {
    const at = this.now();
    return inTransaction(this.db, async (tx): Promise<OpenedConversation> => {
        // The session's row locked (PostgreSQL): a racing transfer of the same session waits, then reuses what this one opened.
        const session = await one(forUpdate(tx.select(sessionDimColumns).from(sessions).where(eq(sessions.id, input.sessionId))));
        const existing = await findReusable(tx, input, at);
        let conversation: ConversationRecord;
        let outcome: OpenedConversation["outcome"];
        let withdrawn: OfferRecord[] = [];
        const transfer = { sessionId: input.sessionId, transferToken: input.transferToken, transferNodeId: input.transferNodeId, holdAudio: input.holdAudio };
        if (existing !== undefined && (existing.status === "active" || existing.status === "on_hold")) {
          outcome = "kept";
          conversation = await update(tx, existing.id, { ...transfer, updatedAt: at });
        } else if (existing !== undefined) {
          outcome = existing.status === "closed" ? "reopened" : "requeued";
          withdrawn = await withdrawOffers(tx, eq(conversationOffers.conversationId, existing.id), "requeued", at);
          conversation = await update(tx, existing.id, {
            ...transfer,
            ...(existing.status === "waiting" ? finishWait(existing, at) : {}),
            teamId: input.teamId,
            priority: input.priority,
            status: "waiting",
            assigneeId: null,
            round: existing.round + 1,
            offerPhase: input.phase,
            offerExpiresAt: null,
            waitingSince: at,
            answeredAt: null,
            talkStartedAt: null,
            holdStartedAt: null,
            closeReason: null,
            closedAt: null,
            updatedAt: at,
          });
        } else {
          outcome = "created";
          const row = await one(
            tx
            .insert(conversations)
            .values({
              id: randomUUID(),
              ...transfer,
              teamId: input.teamId,
              channelType: input.channelType,
              channelId: input.channelId,
              contact: input.contact,
              subject: input.subject,
              priority: input.priority,
              status: "waiting",
              offerPhase: input.phase,
              waitingSince: at,
              createdAt: at,
              updatedAt: at,
            })
            .returning(),
          );
          if (row === undefined) throw new Error("inserting a conversation returned no row");
          conversation = toConversation(row);
        }
        await upsertParticipant(tx, { conversationId: conversation.id, role: "customer", ...input.customer }, at);
        const message = await appendMessage(tx, { conversationId: conversation.id, participantId: null, kind: "system", body: input.message }, at);
        if (outcome !== "kept") await this.rollups?.add(tx, transferredFacts(dimsOf(session, conversation, at)));
        return { conversation: (await getRow(tx, conversation.id)) ?? conversation, outcome, withdrawn, message };
    });
  }

  /**
   * Opens a conversation for a call an agent places (no flow, no queue): active at once, assigned
   * to them, with the agent and the called party as participants and a system message.
   */
  async openOutbound(input: OpenOutboundInput): Promise<{ conversation: ConversationRecord; message: MessageRecord | undefined }> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
        const row = await one(
          tx
          .insert(conversations)
          .values({
            id: randomUUID(),
            sessionId: null,
            teamId: input.teamId,
            channelType: input.channelType,
            channelId: input.channelId,
            contact: input.contact,
            subject: input.subject,
            priority: "normal",
            status: "active",
            assigneeId: input.agentId,
            answeredAt: at,
            talkStartedAt: at,
            createdAt: at,
            updatedAt: at,
          })
          .returning(),
        );
        if (row === undefined) throw new Error("inserting a conversation returned no row");
        await upsertParticipant(tx, { conversationId: row.id, role: "agent", channel: "console", address: input.agentId, displayName: input.agentName, userId: input.agentId }, at);
        await upsertParticipant(tx, { conversationId: row.id, role: "customer", channel: input.channelType, address: input.contact, displayName: null }, at);
        const message = await appendMessage(tx, { conversationId: row.id, participantId: null, kind: "system", body: input.message }, at);
        return { conversation: (await getRow(tx, row.id)) ?? toConversation(row), message };
    });
  }

  /**
   * The claim. One agent wins: checks (conversation waiting and unassigned, the agent's open
   * offer, capacity, the flow still waiting on this transfer), cancels the transfer's timeout
   * timer unless a timer worker holds it right now, then `UPDATE … WHERE status = 'waiting' AND
   * assignee_id IS NULL`, withdraws every other offer, adds the agent as a participant.
   */
  async claim(input: ClaimInput): Promise<Result<Claimed, ConversationNotFound | OfferTaken | NoOpenOffer | AtCapacity | TransferEnded | InvalidConversationState>> {
    const at = this.now();
    return inTransaction(this.db, async (tx): Promise<Result<Claimed, ConversationNotFound | OfferTaken | NoOpenOffer | AtCapacity | TransferEnded | InvalidConversationState>> => {
        // The conversation's row, then the agent's, locked (PostgreSQL): racing claims of the conversation, and the agent's claims of others (capacity), wait for this one.
        const current = await getRow(tx, input.conversationId, true);
        if (current === undefined) return err(new ConversationNotFound(input.conversationId));
        const reassign = input.mode === "assign" && (current.status === "active" || current.status === "on_hold");
        if (current.status === "closed") return err(input.mode === "accept" ? new OfferTaken(current.id, "closed") : new InvalidConversationState(current.id, "closed", "assign"));
        if (!reassign && (current.status !== "waiting" || current.assigneeId !== null)) return err(new OfferTaken(current.id, "assigned"));
        if (reassign && current.assigneeId === input.userId) return err(new InvalidConversationState(current.id, "already assigned to that agent", "assign"));
        await one(forUpdate(tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId))));
        if (input.mode === "accept" && !(await hasOpenOffer(tx, current.id, input.userId))) return err(new NoOpenOffer(current.id));
        const capacity = await capacityOf(tx, input.userId);
        if ((await openCount(tx, input.userId)) >= capacity) return err(new AtCapacity(input.userId, capacity));

        if (!reassign) {
          if (!(await flowStillWaits(tx, current, at))) return err(new TransferEnded(current.id));
          const claimed = await changes(
            tx
              .update(conversations)
              .set({ ...finishWait(current, at), status: "active", assigneeId: input.userId, answeredAt: at, talkStartedAt: at, offerExpiresAt: null, updatedAt: at })
              .where(and(eq(conversations.id, current.id), eq(conversations.status, "waiting"), isNull(conversations.assigneeId))),
          );
          if (claimed === 0) return err(new OfferTaken(current.id, "assigned"));
          const answered = answeredFacts(await conversationDims(tx, current, at), since(current.waitingSince, at), input.userId, at);
          await this.rollups?.add(tx, answered.facts, answered.agent);
        } else {
          await update(tx, current.id, { assigneeId: input.userId, updatedAt: at });
          if (current.assigneeId !== null) await leave(tx, current.id, current.assigneeId, at);
        }
        await changes(
          tx
            .update(conversationOffers)
            .set({ status: "accepted", closedAt: at, closeReason: input.mode === "accept" ? "accepted" : "assigned" })
            .where(and(eq(conversationOffers.conversationId, current.id), eq(conversationOffers.userId, input.userId), eq(conversationOffers.status, "open"))),
        );
        const withdrawn = await withdrawOffers(tx, eq(conversationOffers.conversationId, current.id), "taken", at);
        const participant = await upsertParticipant(tx, { conversationId: current.id, role: "agent", channel: "console", address: input.userId, displayName: input.displayName, userId: input.userId }, at);
        const message = await appendMessage(tx, { conversationId: current.id, participantId: null, kind: "system", body: input.message }, at);
        const conversation = await getRow(tx, current.id);
        if (conversation === undefined) return err(new ConversationNotFound(current.id));
        return ok({ conversation, withdrawn, participant, message, previousAssigneeId: current.assigneeId });
    });
  }

  /** Puts an active conversation on hold, or resumes one on hold; hold and talk times are accounted. */
  async setHold(id: string, onHold: boolean, message: string): Promise<Result<ConversationChange, ConversationNotFound | InvalidConversationState>> {
    const at = this.now();
    return this.change(id, onHold ? "hold" : "resume", (current) => {
      if (onHold && current.status !== "active") return undefined;
      if (!onHold && current.status !== "on_hold") return undefined;
      return onHold
        ? { status: "on_hold", holdStartedAt: at, talkStartedAt: null, talkMs: current.talkMs + since(current.talkStartedAt, at), updatedAt: at }
        : { status: "active", holdStartedAt: null, talkStartedAt: at, holdMs: current.holdMs + since(current.holdStartedAt, at), updatedAt: at };
    }, message);
  }

  async setDetails(id: string, patch: { priority?: ConversationPriority; subject?: string }): Promise<Result<ConversationChange, ConversationNotFound | InvalidConversationState>> {
    return this.change(id, "change", () => ({ ...patch, updatedAt: this.now() }));
  }

  /**
   * Back to the queue (a transfer to another team or agent): unassigned, a new round, the agents
   * leave (the assignee and any invited: a call's three-way ends with it); talk and hold times are
   * accounted, open offers withdrawn.
   */
  async requeue(id: string, input: { teamId: string | null; phase: OfferPhase; message: string }): Promise<Result<ConversationChange, ConversationNotFound | InvalidConversationState>> {
    const at = this.now();
    return this.change(id, "transfer", async (current, tx) => {
      if (current.status === "closed") return undefined;
      // Queued again for another team or agent: a transfer, as the flow's are (answered again when an agent accepts).
      await this.rollups?.add(tx, transferredFacts({ ...(await conversationDims(tx, current, at)), teamId: input.teamId }));
      await changes(
        tx
          .update(conversationParticipants)
          .set({ leftAt: at })
          .where(and(eq(conversationParticipants.conversationId, id), eq(conversationParticipants.channel, "console"), isNull(conversationParticipants.leftAt))),
      );
      return {
        ...finishTalk(current, at),
        ...(current.status === "waiting" ? finishWait(current, at) : {}),
        teamId: input.teamId,
        status: "waiting",
        assigneeId: null,
        round: current.round + 1,
        offerPhase: input.phase,
        offerExpiresAt: null,
        waitingSince: at,
        answeredAt: null,
        updatedAt: at,
      };
    }, input.message);
  }

  /** Closes the conversation (any status but closed): times accounted, the transfer wait forgotten, offers withdrawn. */
  async close(id: string, reason: string, message?: string): Promise<Result<ConversationChange, ConversationNotFound | InvalidConversationState>> {
    const at = this.now();
    return this.change(id, "close", async (current, tx) => {
      if (current.status === "closed") return undefined;
      const times = finishTalk(current, at);
      if (current.answeredAt !== null) {
        const closed = closedFacts(await conversationDims(tx, current, at), times.talkMs, times.holdMs, current.assigneeId, at);
        await this.rollups?.add(tx, closed.facts, closed.agent);
      }
      return {
        ...finishTalk(current, at),
        ...(current.status === "waiting" ? finishWait(current, at) : {}),
        status: "closed",
        closeReason: reason,
        closedAt: at,
        transferToken: null,
        transferNodeId: null,
        waitingSince: null,
        offerExpiresAt: null,
        updatedAt: at,
      };
    }, message, reason);
  }

  /** Back to broadcasting, if the conversation is still waiting in `round` with a single offer. */
  async broadcastNow(id: string, round: number): Promise<boolean> {
    const updated = await changes(
      this.db
        .update(conversations)
        .set({ offerPhase: "broadcast", offerExpiresAt: null, updatedAt: this.now() })
        .where(and(eq(conversations.id, id), eq(conversations.status, "waiting"), eq(conversations.round, round), eq(conversations.offerPhase, "single"))),
    );
    return updated > 0;
  }

  /** Deletes a conversation with its messages, participants and offers; returns what it was. */
  async remove(id: string): Promise<ConversationRecord | undefined> {
    const row = await one(this.db.delete(conversations).where(eq(conversations.id, id)).returning());
    return row === undefined ? undefined : toConversation(row);
  }

  /**
   * The contact's latest open conversation on a channel (any session): where a chat customer's
   * words go after a hand-off ended the flow (channel drivers, `runtime/channels/chat`).
   */
  async findOpenByContact(channelType: string, channelId: string, contact: string): Promise<ConversationRecord | undefined> {
    const row = await one(
      this.db
        .select()
        .from(conversations)
        .where(and(eq(conversations.channelType, channelType), eq(conversations.channelId, channelId), eq(conversations.contact, contact), ne(conversations.status, "closed")))
        .orderBy(desc(conversations.createdAt))
        .limit(1),
    );
    return row === undefined ? undefined : toConversation(row);
  }

  /** Conversations that wait on a session's transfer (token set), open. */
  async waitingOnSession(sessionId: string): Promise<ConversationRecord[]> {
    return (await this.waitingOnSessionQuery.all({ sessionId })).map(toConversation);
  }

  /** One guarded change in a transaction; `patch` returns undefined when the status does not allow it. */
  private async change(
    id: string,
    action: string,
    patch: (current: ConversationRecord, tx: Executor) => Partial<typeof conversations.$inferInsert> | undefined | Promise<Partial<typeof conversations.$inferInsert> | undefined>,
    message?: string,
    withdrawReason = "requeued",
  ): Promise<Result<ConversationChange, ConversationNotFound | InvalidConversationState>> {
    const at = this.now();
    return inTransaction(this.db, async (tx): Promise<Result<ConversationChange, ConversationNotFound | InvalidConversationState>> => {
        // Locked (PostgreSQL): the change is computed from this row, so a racing change waits for it.
        const previous = await getRow(tx, id, true);
        if (previous === undefined) return err(new ConversationNotFound(id));
        const values = await patch(previous, tx);
        if (values === undefined) return err(new InvalidConversationState(id, previous.status, action));
        const conversation = await update(tx, id, values);
        const withdrawn = conversation.status === previous.status && conversation.round === previous.round ? [] : await withdrawOffers(tx, eq(conversationOffers.conversationId, id), withdrawReason, at);
        const appended = message === undefined ? undefined : await appendMessage(tx, { conversationId: id, participantId: null, kind: "system", body: message }, at);
        return ok({ previous, conversation: (await getRow(tx, id)) ?? conversation, withdrawn, message: appended });
    });
  }
}

const sessionDimColumns = { flowId: sessions.flowId, version: sessions.version, channelType: sessions.channelType, channelId: sessions.channelId, startedAt: sessions.startedAt };

function dimsOf(session: SessionDims | undefined, conversation: ConversationRecord, at: number): ConversationDims {
  return { session, channelType: conversation.channelType, channelId: conversation.channelId, teamId: conversation.teamId, at };
}

/** What the rollups count a conversation under: its session's flow and channel (and start), its team. */
async function conversationDims(tx: Executor, conversation: ConversationRecord, at: number): Promise<ConversationDims> {
  const session = conversation.sessionId === null ? undefined : await one(tx.select(sessionDimColumns).from(sessions).where(eq(sessions.id, conversation.sessionId)));
  return dimsOf(session, conversation, at);
}

/** The conversation; `lock`: and its row locked until the transaction ends (PostgreSQL's `FOR UPDATE`). */
async function getRow(db: Executor, id: string, lock = false): Promise<ConversationRecord | undefined> {
  const query = db.select().from(conversations).where(eq(conversations.id, id));
  const row = await one(lock ? forUpdate(query) : query);
  return row === undefined ? undefined : toConversation(row);
}

async function update(tx: Executor, id: string, values: Partial<typeof conversations.$inferInsert>): Promise<ConversationRecord> {
  const row = await one(tx.update(conversations).set(values).where(eq(conversations.id, id)).returning());
  if (row === undefined) throw new Error(`conversation ${id} vanished inside its transaction`);
  return toConversation(row);
}

/** The same session's latest conversation; else the contact's on the same channel that is open or closed recently. */
async function findReusable(tx: Executor, input: OpenForTransferInput, at: number): Promise<ConversationRecord | undefined> {
  const bySession = await one(forUpdate(tx.select().from(conversations).where(eq(conversations.sessionId, input.sessionId)).orderBy(desc(conversations.createdAt)).limit(1)));
  if (bySession !== undefined) return toConversation(bySession);
  if (input.contact === null) return undefined;
  const byContact = await one(
    forUpdate(
    tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.channelType, input.channelType),
        input.channelId === null ? isNull(conversations.channelId) : eq(conversations.channelId, input.channelId),
        eq(conversations.contact, input.contact),
        or(ne(conversations.status, "closed"), gt(conversations.closedAt, at - input.reopenWindowMs)),
      ),
    )
    .orderBy(desc(conversations.updatedAt))
    .limit(1),
    ),
  );
  return byContact === undefined ? undefined : toConversation(byContact);
}

async function hasOpenOffer(tx: Executor, conversationId: string, userId: string): Promise<boolean> {
  const row = await one(
    tx
      .select({ id: conversationOffers.id })
      .from(conversationOffers)
      .where(and(eq(conversationOffers.conversationId, conversationId), eq(conversationOffers.userId, userId), eq(conversationOffers.status, "open"))),
  );
  return row !== undefined;
}

/** The agent's capacity: their own, else their teams' default (`effectiveCapacity`). */
async function capacityOf(tx: Executor, userId: string): Promise<number> {
  const own = (await one(tx.select({ capacity: agentStates.capacity }).from(agentStates).where(eq(agentStates.userId, userId))))?.capacity ?? null;
  if (own !== null) return own;
  const teamCapacities = await many(tx.select({ capacity: teams.capacity }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(eq(teamMembers.userId, userId)));
  return effectiveCapacity(null, teamCapacities.map((team) => team.capacity));
}

async function openCount(tx: Executor, userId: string): Promise<number> {
  const open = await many(
    tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.assigneeId, userId), inArray(conversations.status, [...OPEN_STATUSES]))),
  );
  return open.length;
}

/**
 * Whether the flow still waits on this conversation's transfer, and if so take its timeout timer
 * out of the timer worker's way. A timer a worker has leased right now is about to answer
 * `no_answer`: the claim loses. A conversation whose flow ended at the hand-off has no wait.
 */
async function flowStillWaits(tx: Executor, conversation: ConversationRecord, at: number): Promise<boolean> {
  if (conversation.transferToken === null || conversation.sessionId === null) return true;
  const session = await one(tx.select({ state: sessions.state }).from(sessions).where(eq(sessions.id, conversation.sessionId)));
  if (session === undefined) return false;
  const state = SessionWait.safeParse(JSON.parse(session.state));
  if (!state.success || state.data.status !== "waiting" || state.data.waiting?.token !== conversation.transferToken) return false;
  const pending = and(eq(timers.sessionId, conversation.sessionId), eq(timers.kind, TRANSFER_TIMEOUT), isNull(timers.firedAt));
  const leased = await one(
    tx
      .select({ id: timers.id })
      .from(timers)
      .where(and(pending, gt(timers.claimedUntil, at))),
  );
  if (leased !== undefined) return false;
  await changes(tx.delete(timers).where(and(pending, or(isNull(timers.claimedUntil), lte(timers.claimedUntil, at)))));
  return true;
}

/** The agent leaves the conversation's participants. */
async function leave(tx: Executor, conversationId: string, userId: string, at: number): Promise<void> {
  await changes(
    tx
      .update(conversationParticipants)
      .set({ leftAt: at })
      .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.channel, "console"), eq(conversationParticipants.address, userId))),
  );
}

const since = (start: number | null, at: number): number => (start === null ? 0 : Math.max(0, at - start));

/** Queue time so far added to `wait_ms`. */
function finishWait(current: ConversationRecord, at: number) {
  return { waitMs: current.waitMs + since(current.waitingSince, at), waitingSince: null };
}

/** The current talk or hold segment added to the totals. */
function finishTalk(current: ConversationRecord, at: number) {
  return {
    talkMs: current.talkMs + since(current.talkStartedAt, at),
    holdMs: current.holdMs + since(current.holdStartedAt, at),
    talkStartedAt: null,
    holdStartedAt: null,
  };
}
