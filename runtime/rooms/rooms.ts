import { CALLER_GONE, SessionState } from "../engine/index";
import type { SessionRunner } from "../sessions/session-runner";
import type { TransferEffect, TransferHandler } from "../sessions/transfer-handler";
import type { Store } from "../store/open-store";
import type { ConversationFilter } from "../store/conversations-repo";
import type { ConversationRecord, MessageKind, MessageRecord, OfferRecord, ParticipantRecord } from "../store/room-records";
import { holdAudioOf } from "./hold-audio";
import type { RoutingStrategy } from "../store/teams-repo";
import { type EventBus, InMemoryEventBus } from "./event-bus";
import { offerDetails } from "./offer-details";
import { PresenceTracker } from "./presence";
import { type Actor, mayReceive, personOf, teamsOf, viewable, workable } from "./room-access";
import type { RoomEvent } from "./room-events";
import { RoomPublisher } from "./room-publisher";
import { RoomsError } from "./rooms-error";
import { PHONE_CHANNELS, phoneNetworkRefusal } from "../calls/phone-network";
import { customerName } from "./customer-name";
import { type InsightsView, insightsView } from "./insights-view";
import { writeInsights } from "./write-insights";
import { QueuePositions } from "./queue-positions";
import { type AgentFilter, Router } from "./router";
import { anyoneAvailable } from "./select-agents";
import { type AgentView, agentView, type ConversationView, conversationView, type MessageView, messageView, type OfferView, offerView, type ParticipantView, participantView } from "./views";

export interface RoomsOptions {
  store: Store;
  /** Default: a new in-memory bus. */
  bus?: EventBus<RoomEvent>;
  /** Default: a new tracker (30 s heartbeat timeout). */
  presence?: PresenceTracker;
  /** Milliseconds since the epoch (offer deadlines). Default: Date.now. */
  clock?: () => number;
  /** A closed conversation of the same contact is reopened by a new transfer within this window (default 24 h). */
  reopenWindowMs?: number;
  /** Default: console.error. */
  onError?: (error: unknown, where: string) => void;
  /**
   * Sessions on these channel types never reach agents (default: the designer's `simulator`):
   * their transfer simply waits, and times out to `no_answer` (or the simulator fires it).
   */
  ignoredChannelTypes?: readonly string[];
}

/** The runner, as rooms use it: answering transfers. */
export type Dispatcher = Pick<SessionRunner, "dispatch">;

export type ListView = "mine" | "team" | "waiting" | "all";

export interface ConversationDetail {
  conversation: ConversationView;
  participants: ParticipantView[];
  messages: MessageView[];
  /** What it was about, once it has closed (null before). */
  insights: InsightsView | null;
}

export interface Snapshot {
  agent: AgentView;
  offers: OfferView[];
  conversations: ConversationView[];
}

/**
 * Agent rooms: the session runner's TransferHandler (a transfer opens or reopens the contact's
 * conversation and offers it), the agents' actions, customer messages from channel drivers,
 * presence reactions. Every change is published as a domain event on `bus`.
 */
export class Rooms {
  readonly bus: EventBus<RoomEvent>;
  readonly presence: PresenceTracker;
  /** Give this to the SessionRunner (`transfers`). */
  readonly transfers: TransferHandler;
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly reopenWindowMs: number;
  private readonly onError: (error: unknown, where: string) => void;
  private readonly ignoredChannelTypes: readonly string[];
  private readonly publisher: RoomPublisher;
  private readonly router: Router;
  private readonly pending = new Set<Promise<unknown>>();
  private runner: Dispatcher | undefined;
  private stopPresence: (() => void) | undefined;
  private stopQueuePositions: (() => void) | undefined;

  constructor(options: RoomsOptions) {
    this.store = options.store;
    this.bus = options.bus ?? new InMemoryEventBus<RoomEvent>();
    this.presence = options.presence ?? new PresenceTracker();
    this.clock = options.clock ?? Date.now;
    this.reopenWindowMs = options.reopenWindowMs ?? 24 * 60 * 60 * 1000;
    this.onError = options.onError ?? ((error, where) => console.error(`rooms: ${where} failed`, error));
    this.ignoredChannelTypes = options.ignoredChannelTypes ?? ["simulator"];
    this.publisher = new RoomPublisher(this.store, this.bus, this.presence);
    this.router = new Router({ store: this.store, publisher: this.publisher, presence: this.presence, clock: this.clock, onError: this.onError });
    this.transfers = {
      offer: (sessionId, effect, state) => this.offerTransfer(sessionId, effect, state),
      cancel: (sessionId) => this.cancelTransfer(sessionId),
    };
  }

  /**
   * Who may be offered conversations of a channel type (the media plane: calls go to agents whose
   * softphone is connected). Call `agentCanTakeMore` when the answer changes for an agent.
   */
  setAgentFilter(filter: AgentFilter): void {
    this.router.filter = filter;
  }

  /** An agent can take more than before (their softphone connected): they are offered the queue. */
  async agentCanTakeMore(userId: string): Promise<void> {
    await this.router.drain(userId);
  }

  /** The runner that transfer results are dispatched to (it is built with `transfers`, hence this second step). */
  connect(runner: Dispatcher): void {
    this.runner = runner;
  }

  /** Follows presence, re-arms offer deadlines. */
  async start(): Promise<void> {
    this.stopPresence ??= this.presence.onChange((userId, online) => this.background(online ? "agent online" : "agent offline", () => this.presenceChanged(userId, online)));
    this.presence.start();
    this.stopQueuePositions ??= new QueuePositions(this.store, this.bus, (error) => this.onError(error, "queue positions")).start();
    await this.router.start();
  }

  async stop(): Promise<void> {
    this.stopPresence?.();
    this.stopPresence = undefined;
    this.stopQueuePositions?.();
    this.stopQueuePositions = undefined;
    this.presence.stop();
    this.router.stop();
    await this.settled();
  }

  /** Resolves when the work started in the background (routing after presence changes, scheduled dispatches) is done. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  // ── Transfers (called by the session runner, under the session's lock) ─────────────────────

  private async offerTransfer(sessionId: string, effect: TransferEffect, state: SessionState): Promise<void> {
    if (this.ignoredChannelTypes.includes(state.channel.type)) return;
    const session = await this.store.sessions.getSessionHead(sessionId);
    const team = await this.store.teams.getTeam(effect.teamId);
    const address = session?.contact ?? state.caller.phone ?? state.caller.id ?? null;
    const named = customerName(state, address);
    const who = named ?? state.call.from ?? "Customer";
    const opened = await this.store.rooms.conversations.openForTransfer({
      sessionId,
      teamId: team?.id ?? null,
      channelType: state.channel.type,
      channelId: session?.channelId ?? state.channel.id ?? null,
      contact: session?.contact ?? state.caller.phone ?? null,
      subject: `${who} · ${team?.name ?? effect.teamId}`,
      priority: effect.priority,
      transferToken: effect.endsFlow ? null : effect.token,
      transferNodeId: effect.endsFlow ? null : effect.nodeId,
      holdAudio: effect.holdAudio ?? null,
      phase: phaseFor(team?.routingStrategy),
      customer: { channel: state.channel.type, address: address ?? sessionId, displayName: named !== address ? named : null },
      message: `Transferred to ${team?.name ?? effect.teamId}${effect.waitingMessage === undefined ? "" : `: ${effect.waitingMessage}`}`,
      reopenWindowMs: this.reopenWindowMs,
    });
    const { conversation } = opened;
    this.publisher.withdrawn(opened.withdrawn, "requeued");
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, opened.message);
    if (opened.outcome === "kept") return;

    const candidates = team === undefined ? [] : await this.router.candidates(team.id, conversation);
    if (!anyoneAvailable(candidates)) {
      if (effect.endsFlow) return; // the flow is gone: the conversation waits for the first agent who frees up
      await this.closeQuietly(conversation.id, "no_answer", "Nobody is available to take this conversation");
      // The runner holds this session's lock: answer after it lets go.
      this.later("no answer", () => this.dispatch(sessionId, effect.token, effect.nodeId, "no_answer"));
      return;
    }
    await this.router.route(conversation.id);
  }

  /** The flow stopped waiting (no answer, or the caller hung up): withdraw the offers, close the conversation. */
  private async cancelTransfer(sessionId: string): Promise<void> {
    const waiting = await this.store.rooms.conversations.waitingOnSession(sessionId);
    if (waiting.length === 0) return;
    const head = await this.store.sessions.getSessionHead(sessionId);
    const state = head === undefined ? undefined : SessionState.safeParse(head.state);
    const endReason = state?.success === true ? state.data.endReason : null;
    const gone = endReason !== null && CALLER_GONE.has(endReason);
    for (const conversation of waiting) {
      const reason = conversation.status === "waiting" ? (gone ? "abandoned" : "no_answer") : "caller_hangup";
      await this.closeQuietly(conversation.id, reason, gone ? "The customer left" : "Nobody answered in time");
    }
  }

  // ── Reading ─────────────────────────────────────────────────────────────────────────────

  /** mine: assigned to me; team: my teams' open ones; waiting: my teams' waiting ones; all (admins): every open one. */
  async list(actor: Actor, view: ListView, statuses?: ConversationRecord["status"][]): Promise<ConversationView[]> {
    const me = actor.userId ?? "";
    const everything = actor.role === "admin" && view === "all";
    const teamIds = everything ? undefined : await teamsOf(this.store, actor.userId);
    const filter: ConversationFilter =
      view === "mine"
        ? { assigneeId: me, statuses: statuses ?? ["active", "on_hold"] }
        : view === "waiting"
          ? { teamIds, statuses: ["waiting"] }
          : // team: my teams' open ones; all: the same plus mine (admins: every team)
            { teamIds, ...(view === "all" && !everything ? { assigneeId: me } : {}), statuses: statuses ?? ["waiting", "active", "on_hold"] };
    return (await this.store.rooms.conversations.list(filter)).map(conversationView);
  }

  async get(actor: Actor, conversationId: string): Promise<ConversationDetail> {
    const conversation = await viewable(this.store, actor, conversationId);
    const participants = await this.store.rooms.messages.participants(conversationId);
    const messages = await this.store.rooms.messages.list(conversationId, { limit: 10_000 });
    const insights = await this.store.rooms.insights.get(conversationId);
    return {
      conversation: conversationView(conversation),
      participants: participants.map(participantView),
      messages: messages.map((message) => messageView(message, participants)),
      insights: insights === undefined ? null : insightsView(insights),
    };
  }

  async messages(actor: Actor, conversationId: string, after: number, limit: number): Promise<MessageView[]> {
    await viewable(this.store, actor, conversationId);
    const participants = await this.store.rooms.messages.participants(conversationId);
    return (await this.store.rooms.messages.list(conversationId, { after, limit })).map((message) => messageView(message, participants));
  }

  /** What an agent's socket gets on connect: their state, open offers and open conversations. */
  async snapshot(userId: string): Promise<Snapshot | undefined> {
    const agent = await this.store.rooms.agents.getAgent(userId);
    if (agent === undefined) return undefined;
    const offers: OfferView[] = [];
    for (const offer of await this.store.rooms.offers.openForAgent(userId)) {
      const conversation = await this.store.rooms.conversations.get(offer.conversationId);
      if (conversation !== undefined) offers.push(offerView(offer, conversation, await offerDetails(this.store.sessions, conversation)));
    }
    const conversations = await this.store.rooms.conversations.list({ assigneeId: userId, statuses: ["active", "on_hold"] });
    return { agent: agentView(agent, this.presence.isOnline(userId)), offers, conversations: conversations.map(conversationView) };
  }

  // ── Agent actions ───────────────────────────────────────────────────────────────────────

  /** First accept wins; the others get 409 offer_taken and their offers are withdrawn at once. */
  async accept(actor: Actor, conversationId: string): Promise<ConversationView> {
    const userId = personOf(actor, "accept an offer");
    await viewable(this.store, actor, conversationId);
    return this.claim(conversationId, userId, "accept");
  }

  async decline(actor: Actor, conversationId: string): Promise<void> {
    const userId = personOf(actor, "decline an offer");
    await viewable(this.store, actor, conversationId);
    if (!(await this.store.rooms.offers.decline(conversationId, userId))) {
      throw new RoomsError(409, "no_open_offer", `you have no open offer for conversation ${conversationId}`);
    }
    this.publisher.publish({ type: "offer.withdrawn", conversationId, agentIds: [userId], reason: "declined" });
    await this.router.route(conversationId);
  }

  /** Assigns the conversation to an agent (waiting: claims it for them; active: hands it over). Admins, or members of its team, to a member of its team (admins: to anyone). */
  async assign(actor: Actor, conversationId: string, userId: string): Promise<ConversationView> {
    const conversation = await viewable(this.store, actor, conversationId);
    if (actor.role !== "admin" && conversation.assigneeId !== actor.userId && !(conversation.teamId !== null && (await teamsOf(this.store, actor.userId)).includes(conversation.teamId))) {
      throw new RoomsError(403, "not_in_team", `only members of team ${conversation.teamId ?? "(none)"} or an admin can assign conversation ${conversationId}`);
    }
    await mayReceive(this.store, actor, conversation, userId);
    return this.claim(conversationId, userId, "assign");
  }

  async sendMessage(actor: Actor, conversationId: string, body: string, kind: MessageKind = "text"): Promise<MessageView> {
    const userId = personOf(actor, "write in a conversation");
    const conversation = await workable(this.store, actor, conversationId, "write in");
    if (conversation.status === "closed") throw new RoomsError(409, "invalid_state", `conversation ${conversationId} is closed`);
    const author = await this.store.rooms.messages.addParticipant({ conversationId, role: "agent", channel: "console", address: userId, displayName: actor.name, userId });
    return this.post(conversationId, author, kind, body);
  }

  async hold(actor: Actor, conversationId: string, onHold: boolean): Promise<ConversationView> {
    await workable(this.store, actor, conversationId, onHold ? "hold" : "resume");
    const changed = await this.store.rooms.conversations.setHold(conversationId, onHold, onHold ? "You are on hold. Please stay with us." : "Thanks for holding.");
    if (!changed.ok) throw RoomsError.from(changed.error);
    const { conversation } = changed.value;
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, changed.value.message);
    this.publisher.publish({ type: "conversation.hold", conversation: conversationView(conversation), onHold, holdAudio: await holdAudioOf(conversation, this.store.teams) });
    return conversationView(conversation);
  }

  /** Back to the queue for another team (its strategy) or one agent (a direct offer, then the team). */
  async transfer(actor: Actor, conversationId: string, to: { teamId: string } | { agentId: string }): Promise<ConversationView> {
    const current = await workable(this.store, actor, conversationId, "transfer");
    let phase: "single" | "broadcast";
    let teamId = current.teamId;
    let label: string;
    let target: { userId: string; expiresAt: number } | undefined;
    if ("teamId" in to) {
      const team = await this.store.teams.getTeam(to.teamId);
      if (team === undefined) throw new RoomsError(404, "team_not_found", `team ${to.teamId} does not exist`);
      phase = phaseFor(team.routingStrategy);
      teamId = team.id;
      label = team.name;
    } else {
      const agent = await this.store.rooms.agents.getAgent(to.agentId);
      if (agent === undefined) throw new RoomsError(404, "agent_not_found", `agent ${to.agentId} does not exist`);
      await mayReceive(this.store, actor, current, agent.userId);
      if (!this.presence.isOnline(agent.userId) || agent.availability !== "available" || agent.open >= agent.capacity) {
        throw new RoomsError(409, "agent_unavailable", `${agent.name} is offline, away or at capacity`);
      }
      const team = current.teamId === null ? undefined : await this.store.teams.getTeam(current.teamId);
      phase = "single";
      label = agent.name;
      target = { userId: agent.userId, expiresAt: this.clock() + (team?.offerTimeoutSeconds ?? 20) * 1000 };
    }
    const changed = await this.store.rooms.conversations.requeue(conversationId, { teamId, phase, message: `Transferred to ${label}` });
    if (!changed.ok) throw RoomsError.from(changed.error);
    const { previous, conversation } = changed.value;
    this.publisher.withdrawn(changed.value.withdrawn, "requeued");
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, changed.value.message);
    if (target !== undefined) await this.router.offerTo(conversationId, conversation.round, target.userId, target.expiresAt);
    else await this.router.route(conversationId);
    if (previous.assigneeId !== null) {
      await this.publisher.presenceOf(previous.assigneeId); // their load went down
      await this.router.drain(previous.assigneeId);
    }
    return conversationView((await this.store.rooms.conversations.get(conversationId)) ?? conversation);
  }

  /**
   * Adds a participant by channel and address; channel drivers act on `conversation.participant_invited`.
   * Channel `console` is another agent (address: their user id): a participant with that user, who
   * may then read the room and gets its messages (on a media-plane call their softphone joins it).
   */
  async invite(actor: Actor, conversationId: string, input: { channel: string; address: string; displayName?: string; role?: "customer" | "observer" | "agent"; call?: boolean }): Promise<ParticipantView> {
    // Whatever the room's state: Meta forbids bridging a WhatsApp call to the phone network.
    if (PHONE_CHANNELS.has(input.channel)) {
      const refusal = await phoneNetworkRefusal(this.store.calls, await viewable(this.store, actor, conversationId), input.channel);
      if (refusal !== undefined) throw new RoomsError(409, "pstn_not_allowed", refusal);
    }
    const conversation = await workable(this.store, actor, conversationId, "invite to");
    if (conversation.status === "closed") throw new RoomsError(409, "invalid_state", `conversation ${conversationId} is closed`);
    const agent = input.channel === "console" ? await this.store.rooms.agents.getAgent(input.address) : undefined;
    if (input.channel === "console" && agent === undefined) throw new RoomsError(404, "agent_not_found", `agent ${input.address} does not exist (a console participant's address is an agent's user id)`);
    // An agent invited on the console (a three-way call) reads and works the room: the team rule applies as for assign.
    if (agent !== undefined) await mayReceive(this.store, actor, conversation, agent.userId, "address");
    const displayName = input.displayName ?? agent?.name;
    const participant = await this.store.rooms.messages.addParticipant({
      conversationId,
      role: agent === undefined ? (input.role ?? "customer") : "agent",
      channel: input.channel,
      address: input.address,
      displayName: displayName ?? null,
      ...(agent === undefined ? {} : { userId: agent.userId }),
    });
    const message = await this.store.rooms.messages.append({ conversationId, participantId: null, kind: "system", body: `${displayName ?? input.address} was invited (${input.channel})` });
    const after = (await this.store.rooms.conversations.get(conversationId)) ?? conversation;
    this.publisher.publish({ type: "conversation.participant_invited", conversation: conversationView(after), participant: participantView(participant), call: input.call === true });
    this.publisher.updated(after);
    await this.publisher.message(after, message);
    return participantView(participant);
  }

  async update(actor: Actor, conversationId: string, patch: { priority?: ConversationRecord["priority"]; subject?: string }): Promise<ConversationView> {
    const conversation = await viewable(this.store, actor, conversationId);
    if (conversation.status !== "waiting") await workable(this.store, actor, conversationId, "change");
    const changed = await this.store.rooms.conversations.setDetails(conversationId, patch);
    if (!changed.ok) throw RoomsError.from(changed.error);
    this.publisher.updated(changed.value.conversation);
    return conversationView(changed.value.conversation);
  }

  /**
   * Closes the conversation. If the flow waits on it, it goes on at `completed` (an agent had
   * it) or `no_answer` (nobody took it); the agent is free for the next one in the queue.
   */
  async close(actor: Actor, conversationId: string, reason = "closed_by_agent"): Promise<ConversationView> {
    await workable(this.store, actor, conversationId, "close");
    const changed = await this.store.rooms.conversations.close(conversationId, reason, `Conversation closed by ${actor.name}`);
    if (!changed.ok) throw RoomsError.from(changed.error);
    const { previous, conversation } = changed.value;
    await this.afterClose(previous, conversation, changed.value.withdrawn, changed.value.message, reason);
    if (previous.transferToken !== null && previous.transferNodeId !== null && previous.sessionId !== null) {
      await this.dispatch(previous.sessionId, previous.transferToken, previous.transferNodeId, previous.status === "waiting" ? "no_answer" : "completed");
    }
    return conversationView(conversation);
  }

  /** Deletes the conversation, its messages and participants (admins). A flow waiting on it goes on at `no_answer`. */
  async remove(actor: Actor, conversationId: string): Promise<void> {
    if (actor.role !== "admin") throw new RoomsError(403, "forbidden", "only admins can delete conversations");
    const open = await this.store.rooms.offers.openOn(conversationId);
    const removed = await this.store.rooms.conversations.remove(conversationId);
    if (removed === undefined) throw new RoomsError(404, "conversation_not_found", `conversation ${conversationId} does not exist`);
    const agentIds = [...new Set([...open.map((offer) => offer.userId), ...(removed.assigneeId === null ? [] : [removed.assigneeId])])];
    this.publisher.publish({ type: "conversation.deleted", conversationId, agentIds });
    if (removed.transferToken !== null && removed.transferNodeId !== null && removed.sessionId !== null && removed.status !== "closed") {
      await this.dispatch(removed.sessionId, removed.transferToken, removed.transferNodeId, removed.status === "waiting" ? "no_answer" : "completed");
    }
    if (removed.assigneeId !== null && removed.status !== "closed") await this.router.drain(removed.assigneeId);
  }

  // ── Channel drivers ─────────────────────────────────────────────────────────────────────

  /**
   * A customer wrote (or said) something in their channel: it goes to the open conversation of
   * the session (or the given conversation). Undefined when there is no open conversation.
   */
  async postCustomerMessage(target: { sessionId: string } | { conversationId: string }, body: string, kind: MessageKind = "text"): Promise<MessageView | undefined> {
    const conversation = "conversationId" in target ? await this.store.rooms.conversations.get(target.conversationId) : await this.store.rooms.conversations.findBySession(target.sessionId);
    if (conversation === undefined || conversation.status === "closed") return undefined;
    const participants = await this.store.rooms.messages.participants(conversation.id);
    const customer =
      participants.find((participant) => participant.role === "customer" && participant.leftAt === null) ??
      (await this.store.rooms.messages.addParticipant({ conversationId: conversation.id, role: "customer", channel: conversation.channelType, address: conversation.contact ?? conversation.id }));
    return this.post(conversation.id, customer, kind, body);
  }

  /**
   * What one participant said in their channel (a voice leg's speech, an invited participant's
   * message). Undefined when the conversation is closed or the participant is not (or no longer) in it.
   */
  async postParticipantMessage(conversationId: string, participantId: string, body: string, kind: MessageKind = "text"): Promise<MessageView | undefined> {
    const conversation = await this.store.rooms.conversations.get(conversationId);
    if (conversation === undefined || conversation.status === "closed") return undefined;
    const author = (await this.store.rooms.messages.participants(conversationId)).find((participant) => participant.id === participantId && participant.leftAt === null);
    if (author === undefined) return undefined;
    return this.post(conversationId, author, kind, body);
  }

  /**
   * A channel driver's news about a participant (a call placed, answered, not answered, hung up):
   * a system message in the room; `left` marks the participant as gone. False when the participant
   * is not in the conversation (or, with `left`, had already left).
   */
  async participantNote(conversationId: string, participantId: string, text: string, options: { left?: boolean } = {}): Promise<boolean> {
    const participant = (await this.store.rooms.messages.participants(conversationId)).find((candidate) => candidate.id === participantId);
    if (participant === undefined) return false;
    const message =
      options.left === true
        ? await this.store.rooms.messages.leave(conversationId, participantId, text)
        : await this.store.rooms.messages.append({ conversationId, participantId: null, kind: "system", body: text });
    if (message === undefined) return false;
    const conversation = await this.store.rooms.conversations.get(conversationId);
    if (conversation === undefined) return false;
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, message);
    return true;
  }

  /**
   * A channel driver's note for the agents of a conversation (a WhatsApp call placed, ringing,
   * declined; the customer allowed calls): a system message that is never sent to the customer.
   * False when the conversation does not exist.
   */
  async agentNote(conversationId: string, text: string): Promise<boolean> {
    const message = await this.store.rooms.messages.append({ conversationId, participantId: null, kind: "system", body: text });
    const conversation = await this.store.rooms.conversations.get(conversationId);
    if (conversation === undefined || message === undefined) return false;
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, message, { agentsOnly: true });
    return true;
  }

  /**
   * A call the agent places (the console's dialer, `POST /api/calls`): a conversation active at
   * once and assigned to them, the called party its customer. Its channel's driver dials; the
   * rooms' events bridge the call to the agent's softphone like an accepted one.
   */
  async openOutbound(actor: Actor, input: { channelType: string; channelId: string; contact: string }): Promise<ConversationView> {
    const agentId = personOf(actor, "place calls");
    const user = await this.store.users.getUser(agentId);
    const teamId = (await teamsOf(this.store, agentId))[0] ?? null;
    const { conversation, message } = await this.store.rooms.conversations.openOutbound({
      agentId,
      agentName: user?.name ?? actor.name,
      teamId,
      channelType: input.channelType,
      channelId: input.channelId,
      contact: input.contact,
      subject: `Call to ${input.contact}`,
      message: `${user?.name ?? actor.name} called ${input.contact}`,
    });
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, message);
    await this.publisher.presenceOf(agentId);
    return conversationView(conversation);
  }

  /** Closes a conversation from a channel's side (the called party hung up, the call failed), saying why. */
  async closeFromChannel(conversationId: string, reason: string, text: string): Promise<void> {
    await this.closeQuietly(conversationId, reason, text);
  }

  async closeForSession(sessionId: string, reason = "customer_left"): Promise<void> {
    const conversation = await this.store.rooms.conversations.findBySession(sessionId);
    if (conversation !== undefined && conversation.status !== "closed") await this.closeQuietly(conversation.id, reason, "The customer left");
  }

  // ── Agents ──────────────────────────────────────────────────────────────────────────────

  async agents(): Promise<AgentView[]> {
    return (await this.store.rooms.agents.listAgents()).map((agent) => agentView(agent, this.presence.isOnline(agent.userId)));
  }

  /** Availability (the agent's choice) and capacity; away withdraws the agent's offers, available offers them the queue. */
  async setAgentState(userId: string, patch: { availability?: "available" | "away"; capacity?: number | null }): Promise<AgentView> {
    if (!(await this.store.rooms.agents.setState(userId, patch))) throw new RoomsError(404, "agent_not_found", `agent ${userId} does not exist`);
    const changed = await this.store.rooms.agents.getAgent(userId);
    if (changed === undefined) throw new RoomsError(404, "agent_not_found", `agent ${userId} does not exist`);
    if (patch.availability === "away") await this.router.withdrawFrom(userId, "away");
    // A capacity lowered to what they already carry: their open offers go (like a team default lowered).
    else if (patch.capacity !== undefined && changed.open >= changed.capacity) await this.router.withdrawFrom(userId, "at_capacity");
    else await this.router.drain(userId);
    await this.publisher.presenceOf(userId);
    const agent = await this.store.rooms.agents.getAgent(userId);
    if (agent === undefined) throw new RoomsError(404, "agent_not_found", `agent ${userId} does not exist`);
    return agentView(agent, this.presence.isOnline(userId));
  }

  /**
   * A team's capacity default changed: members who have no capacity of their own now have another
   * one. Those at it lose their open offers (`at_capacity`); the others are offered the queue.
   */
  async teamCapacityChanged(teamId: string): Promise<void> {
    for (const agent of await this.store.rooms.agents.teamAgents(teamId)) {
      if (agent.ownCapacity !== null) continue;
      if (agent.open >= agent.capacity) await this.router.withdrawFrom(agent.userId, "at_capacity");
      else await this.router.drain(agent.userId);
      await this.publisher.presenceOf(agent.userId);
    }
  }

  async setTeamRouting(teamId: string, routing: { routingStrategy: RoutingStrategy; offerTimeoutSeconds: number }) {
    const updated = await this.store.teams.setRouting(teamId, routing);
    if (!updated.ok) throw RoomsError.from(updated.error);
    return updated.value;
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────

  private async claim(conversationId: string, userId: string, mode: "accept" | "assign"): Promise<ConversationView> {
    const user = await this.store.users.getUser(userId);
    if (user === undefined || user.disabledAt !== null) throw new RoomsError(404, "agent_not_found", `agent ${userId} does not exist`);
    const claimed = await this.store.rooms.conversations.claim({ conversationId, userId, displayName: user.name, mode, message: `${user.name} joined` });
    if (!claimed.ok) throw RoomsError.from(claimed.error);
    const { conversation, withdrawn, message, previousAssigneeId } = claimed.value;
    this.publisher.withdrawn(withdrawn, "taken");
    this.publisher.publish({ type: "offer.withdrawn", conversationId, agentIds: [userId], reason: mode === "accept" ? "accepted" : "assigned" });
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, message);
    const agent = await this.store.rooms.agents.getAgent(userId);
    if (agent !== undefined && agent.open >= agent.capacity) await this.router.withdrawFrom(userId, "at_capacity");
    await this.publisher.presenceOf(userId);
    if (previousAssigneeId !== null && previousAssigneeId !== userId) {
      await this.publisher.presenceOf(previousAssigneeId); // their load went down
      await this.router.drain(previousAssigneeId);
    }
    return conversationView(conversation);
  }

  private async post(conversationId: string, author: ParticipantRecord, kind: MessageKind, body: string): Promise<MessageView> {
    const message: MessageRecord | undefined = await this.store.rooms.messages.append({ conversationId, participantId: author.id, kind, body });
    const conversation = await this.store.rooms.conversations.get(conversationId);
    if (message === undefined || conversation === undefined) throw new RoomsError(404, "conversation_not_found", `conversation ${conversationId} does not exist`);
    const participants = await this.store.rooms.messages.participants(conversationId);
    const view = messageView(message, participants);
    this.publisher.publish({ type: "conversation.message", conversation: conversationView(conversation), message: view });
    return view;
  }

  /** Closes without answering the flow (it already moved on, or is answered separately). */
  private async closeQuietly(conversationId: string, reason: string, text: string): Promise<void> {
    const changed = await this.store.rooms.conversations.close(conversationId, reason, text);
    if (!changed.ok) return;
    await this.afterClose(changed.value.previous, changed.value.conversation, changed.value.withdrawn, changed.value.message, reason);
  }

  private async afterClose(previous: ConversationRecord, conversation: ConversationRecord, withdrawn: readonly OfferRecord[], message: MessageRecord | undefined, reason: string): Promise<void> {
    // Before the consoles hear of the close, so the detail they fetch then has them.
    await writeInsights(this.store.rooms, conversation.id, this.clock()).catch((error: unknown) => this.onError(error, `insights of conversation ${conversation.id}`));
    this.publisher.withdrawn(withdrawn, reason);
    this.publisher.updated(conversation);
    await this.publisher.message(conversation, message);
    this.publisher.publish({ type: "conversation.closed", conversation: conversationView(conversation), reason });
    if (previous.assigneeId !== null && previous.status !== "waiting") {
      await this.publisher.presenceOf(previous.assigneeId);
      await this.router.drain(previous.assigneeId);
    }
  }

  private async presenceChanged(userId: string, online: boolean): Promise<void> {
    if (online) await this.router.drain(userId);
    else await this.router.withdrawFrom(userId, "offline");
    await this.publisher.presenceOf(userId);
  }

  private async dispatch(sessionId: string, token: string, nodeId: string, result: "completed" | "no_answer"): Promise<void> {
    if (this.runner === undefined) throw new Error("rooms: connect(runner) before transfers are answered");
    try {
      await this.runner.dispatch(sessionId, { type: "transfer_result", result, token, nodeId }, { origin: "system" });
    } catch (error) {
      this.onError(error, `transfer_result ${result} for session ${sessionId}`);
    }
  }

  /** Runs `task` after the current call stack (outside the runner's session lock). */
  private later(where: string, task: () => Promise<void>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(task);
    this.track(where, run);
  }

  private background(where: string, task: () => Promise<void>): void {
    this.track(where, task());
  }

  private track(where: string, run: Promise<void>): void {
    const tracked = run.catch((error: unknown) => this.onError(error, where));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

function phaseFor(strategy: RoutingStrategy | undefined): "single" | "broadcast" {
  return strategy === "round_robin" ? "single" : "broadcast";
}
