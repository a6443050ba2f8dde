import { KeyedLock } from "../sessions/keyed-lock";
import type { Store } from "../store/open-store";
import type { OfferRecord } from "../store/room-records";
import { offerDetails } from "./offer-details";
import type { PresenceTracker } from "./presence";
import type { RoomPublisher } from "./room-publisher";
import { type Candidate, eligibleAgents, nextInTurn } from "./select-agents";

export interface RouterDeps {
  store: Store;
  publisher: RoomPublisher;
  presence: PresenceTracker;
  clock: () => number;
  onError: (error: unknown, where: string) => void;
}

/**
 * Routing, Chatwoot style: filters (online, available, under capacity, not declined) → selector
 * (everyone for broadcast; whoever waited longest for round robin) → offers; the claim itself is
 * the store's guarded UPDATE. Routing one conversation is serialised in this process; the store's
 * transactions keep several processes consistent (offers are deduplicated, claims are atomic).
 */
/** The conversation as the agent filter sees it: its channel type and its flow session (a call's, on channels that carry calls and chats). */
export type FilteredConversation = { channelType: string; sessionId: string | null };

/** Whether an agent can take this conversation right now (a call on the media plane needs a connected softphone). */
export type AgentFilter = (userId: string, conversation: FilteredConversation) => boolean;

export class Router {
  private readonly locks = new KeyedLock();
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  /** Set by the media plane: agents without a softphone are not offered its calls. */
  filter: AgentFilter = () => true;

  constructor(private readonly deps: RouterDeps) {}

  /** Re-arms the deadlines of single offers (after a restart). */
  async start(): Promise<void> {
    for (const conversation of await this.deps.store.rooms.conversations.waiting()) {
      if (conversation.offerPhase === "single" && conversation.offerExpiresAt !== null) this.arm(conversation.id, conversation.offerExpiresAt);
    }
  }

  stop(): void {
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
  }

  /** The team's agents as routing sees them (presence from this process; `filter` for the conversation's channel type). */
  async candidates(teamId: string, conversation?: FilteredConversation): Promise<Candidate[]> {
    const agents = await this.deps.store.rooms.agents.teamAgents(teamId);
    const usable = conversation === undefined ? agents : agents.filter((agent) => this.filter(agent.userId, conversation));
    return usable.map((agent) => ({ ...agent, online: this.deps.presence.isOnline(agent.userId) }));
  }

  /** Offers a waiting conversation according to its team's strategy and its offer phase. */
  route(conversationId: string): Promise<void> {
    return this.locks.run(conversationId, () => this.routeNow(conversationId));
  }

  /** A direct transfer: one offer to `userId` until `expiresAt`, then the team. */
  offerTo(conversationId: string, round: number, userId: string, expiresAt: number): Promise<OfferRecord[]> {
    return this.locks.run(conversationId, async () => {
      const made = await this.deps.store.rooms.offers.create({ conversationId, round, userIds: [userId], expiresAt });
      await this.publishOffers(conversationId, made);
      if (made.length > 0) this.arm(conversationId, expiresAt);
      return made;
    });
  }

  /**
   * An agent may take more (came online, became available, closed a conversation): offer them
   * the oldest waiting conversations of their teams, highest priority first, one per free slot.
   */
  async drain(userId: string): Promise<void> {
    const { store, presence } = this.deps;
    const agent = await store.rooms.agents.getAgent(userId);
    if (agent === undefined || !presence.isOnline(userId) || agent.availability !== "available") return;
    let slots = agent.capacity - agent.open;
    if (slots <= 0) return;
    for (const queued of await store.rooms.conversations.queue(agent.teamIds)) {
      if (slots <= 0) return;
      const offered = await this.locks.run(queued.id, async () => {
        const conversation = await store.rooms.conversations.get(queued.id);
        if (conversation === undefined || conversation.status !== "waiting" || conversation.offerPhase === "single") return false;
        if (!this.filter(userId, conversation)) return false;
        if ((await store.rooms.offers.declinedIn(conversation.id, conversation.round)).includes(userId)) return false;
        if ((await store.rooms.offers.openOn(conversation.id)).some((offer) => offer.userId === userId)) return true;
        const made = await store.rooms.offers.create({ conversationId: conversation.id, round: conversation.round, userIds: [userId], expiresAt: null });
        await this.publishOffers(conversation.id, made);
        return made.length > 0;
      });
      if (offered) slots -= 1;
    }
  }

  /** Withdraws an agent's open offers (offline, away, at capacity); their conversations are routed again. */
  async withdrawFrom(userId: string, reason: string): Promise<void> {
    const withdrawn = await this.deps.store.rooms.offers.withdrawForAgent(userId, reason);
    this.deps.publisher.withdrawn(withdrawn, reason);
    for (const conversationId of new Set(withdrawn.map((offer) => offer.conversationId))) await this.route(conversationId);
  }

  private async routeNow(conversationId: string): Promise<void> {
    const { store, clock, publisher } = this.deps;
    const conversation = await store.rooms.conversations.get(conversationId);
    if (conversation === undefined || conversation.status !== "waiting" || conversation.teamId === null) return;
    const team = await store.teams.getTeam(conversation.teamId);
    if (team === undefined) return;
    const now = clock();
    const open = await store.rooms.offers.openOn(conversationId);
    const declined = await store.rooms.offers.declinedIn(conversationId, conversation.round);

    if (conversation.offerPhase === "single") {
      const live = open.filter((offer) => offer.expiresAt !== null && offer.expiresAt > now);
      const first = live[0];
      if (first?.expiresAt != null) {
        this.arm(conversationId, first.expiresAt);
        return;
      }
      if (conversation.offerExpiresAt === null && open.length === 0) {
        const pick = nextInTurn(eligibleAgents(await this.candidates(team.id, conversation), new Set(declined)));
        if (pick !== undefined) {
          const expiresAt = now + team.offerTimeoutSeconds * 1000;
          const made = await store.rooms.offers.create({ conversationId, round: conversation.round, userIds: [pick.userId], expiresAt });
          if (made.length > 0) {
            await store.rooms.agents.markRouted(pick.userId);
            await this.publishOffers(conversationId, made);
            this.arm(conversationId, expiresAt);
          }
          return;
        }
      }
      // The one agent let it expire, declined or left: everyone gets it now.
      publisher.withdrawn(await store.rooms.offers.withdraw(conversationId, "expired"), "expired");
      await store.rooms.conversations.broadcastNow(conversationId, conversation.round);
    }

    const stillOpen = await store.rooms.offers.openOn(conversationId);
    const exclude = new Set([...declined, ...stillOpen.map((offer) => offer.userId)]);
    const targets = eligibleAgents(await this.candidates(team.id, conversation), exclude);
    if (targets.length === 0) return;
    const made = await store.rooms.offers.create({ conversationId, round: conversation.round, userIds: targets.map((agent) => agent.userId), expiresAt: null });
    await this.publishOffers(conversationId, made);
  }

  private async publishOffers(conversationId: string, offers: readonly OfferRecord[]): Promise<void> {
    if (offers.length === 0) return;
    const conversation = await this.deps.store.rooms.conversations.get(conversationId);
    if (conversation === undefined) return;
    this.deps.publisher.offered(conversation, offers, await offerDetails(this.deps.store.sessions, conversation));
  }

  /** Routes the conversation again when its single offer's deadline passes. */
  private arm(conversationId: string, at: number): void {
    clearTimeout(this.expiries.get(conversationId));
    const timer = setTimeout(
      () => {
        this.expiries.delete(conversationId);
        this.route(conversationId).catch((error: unknown) => this.deps.onError(error, "offer expiry"));
      },
      Math.max(0, at - this.deps.clock()) + 10,
    );
    timer.unref();
    this.expiries.set(conversationId, timer);
  }
}
