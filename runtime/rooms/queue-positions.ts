import type { Store } from "../store/open-store";
import type { EventBus } from "./event-bus";
import type { RoomEvent } from "./room-events";
import { conversationView } from "./views";

/**
 * Tells waiting customers their place in the queue (issue #6: "a chat customer gets a waiting
 * message with their place in the queue"). It follows the rooms' own events: whenever a
 * conversation of a team changes (queued, taken, closed, moved), the team's queue is read again
 * in the order agents take it (priority, then first in first out: `conversations.queue`), and
 * `conversation.queue_position` is published for each waiting conversation that is new to the
 * queue or moved up. Recomputing waits a moment (ANNOUNCE_DELAY_MS), so the customer reads the
 * flow's waiting message first, a transfer that nobody can take (closed at once as no_answer)
 * never announces a place, and a burst of changes is read once. Positions are kept in memory:
 * after a restart a customer hears their place again when the queue next moves.
 */
/** The place in the queue is announced this long after the queue changed. */
export const ANNOUNCE_DELAY_MS = 750;

export class QueuePositions {
  /** Conversation id → its team and the place last announced. */
  private readonly known = new Map<string, { teamId: string; position: number }>();
  private readonly pending = new Set<string>();
  private stopped = false;

  constructor(
    private readonly store: Pick<Store, "rooms">,
    private readonly bus: EventBus<RoomEvent>,
    private readonly onError: (error: unknown) => void = () => undefined,
    /** How long after a change the queue is read: the customer hears the flow's own words (the transfer's waiting message) first. */
    private readonly delayMs = ANNOUNCE_DELAY_MS,
  ) {}

  /** Subscribes to the bus; returns the function that unsubscribes. */
  start(): () => void {
    this.stopped = false;
    const unsubscribe = this.bus.subscribe((event) => {
      if (event.type === "conversation.updated" || event.type === "conversation.closed") {
        const { conversation } = event;
        this.schedule(conversation.teamId);
        this.schedule(this.known.get(conversation.id)?.teamId ?? null); // moved to another team: the old queue moved too
        // Out of the queue now: if it comes back (reopened, transferred back), its place is news again.
        if (conversation.status !== "waiting") this.known.delete(conversation.id);
      }
      if (event.type === "conversation.deleted") this.schedule(this.known.get(event.conversationId)?.teamId ?? null);
    });
    return () => {
      this.stopped = true;
      unsubscribe();
    };
  }

  private schedule(teamId: string | null): void {
    if (teamId === null || this.pending.has(teamId)) return;
    this.pending.add(teamId);
    const timer = setTimeout(() => {
      this.pending.delete(teamId);
      if (!this.stopped) this.recompute(teamId).catch(this.onError);
    }, this.delayMs);
    timer.unref();
  }

  private async recompute(teamId: string): Promise<void> {
    const queue = await this.store.rooms.conversations.queue([teamId]);
    const waiting = new Set(queue.map((conversation) => conversation.id));
    for (const [conversationId, entry] of this.known) if (entry.teamId === teamId && !waiting.has(conversationId)) this.known.delete(conversationId);
    queue.forEach((conversation, index) => {
      const position = index + 1;
      const before = this.known.get(conversation.id)?.position;
      this.known.set(conversation.id, { teamId, position });
      if (before !== undefined && position >= before) return;
      this.bus.publish({ type: "conversation.queue_position", conversation: conversationView(conversation), position });
    });
  }
}
