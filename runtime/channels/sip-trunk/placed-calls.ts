import { fieldError } from "../../http/api-error";
import type { AgentLegs } from "../../media/calls/agent-legs";
import type { CallAgents } from "../../media/calls/call-agents";
import type { CallSignal, MediaCalls } from "../../media/calls/media-calls";
import type { EventBus } from "../../rooms/event-bus";
import type { Actor } from "../../rooms/room-access";
import type { RoomEvent } from "../../rooms/room-events";
import type { Rooms } from "../../rooms/rooms";
import type { ConversationView, ParticipantView } from "../../rooms/views";
import type { Store } from "../../store/open-store";
import type { SipTrunks } from "./sip-trunks";

export interface PlacedCallsDeps {
  trunks: SipTrunks;
  rooms: Rooms;
  calls: MediaCalls;
  callAgents: CallAgents;
  agentLegs: Pick<AgentLegs, "ready">;
  store: Store;
  log(line: string): void;
}

/** How an unanswered call ended, as its room says it and closes. */
const NOT_ANSWERED: Readonly<Record<string, (who: string) => string>> = {
  busy: (who) => `${who} was busy`,
  no_answer: (who) => `${who} did not answer`,
  failed: (who) => `The call to ${who} failed`,
  canceled: (who) => `The call to ${who} was canceled`,
};

const endNote = (who: string, signal: Extract<CallSignal, { state: "ended" }>): string =>
  NOT_ANSWERED[signal.reason]?.(who) ?? (signal.hungUpBy === "caller" ? `${who} hung up` : `The call with ${who} ended`);

const ringFor = (input: { timeoutSeconds?: number }) => (input.timeoutSeconds === undefined ? {} : { ringTimeoutMs: input.timeoutSeconds * 1000 });


/**
 * Calls placed through SIP trunks: an agent's (the console's dialer, or `POST /api/calls` for an
 * agent): a conversation opened active for them, the call bridged to their softphone (ringback,
 * early media, the answer), closed with the outcome when the call ends; an integrator's without an
 * agent (the trunk's flow runs once answered); and a room's invited phone participant (`call:
 * true` on a `sip_trunk` invite), whose answered call joins the room's audio and who leaves the
 * room when they hang up.
 */
export class PlacedCalls {
  constructor(private readonly deps: PlacedCallsDeps) {}

  subscribe(bus: EventBus<RoomEvent>): () => void {
    return bus.subscribe((event) => {
      if (event.type !== "conversation.participant_invited" || !event.call || event.participant.channel !== "sip_trunk") return;
      this.callGuest(event.conversation, event.participant).catch((error: unknown) => this.deps.log(`sip: invite ${event.participant.id}: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  /** A call for an agent: `agentId` (default: the signed-in user); API keys without one place a flow call. */
  async forAgent(actor: Actor, input: { channelId: string; to: string; agentId?: string; timeoutSeconds?: number }): Promise<{ callId: string; conversationId: string | null }> {
    const agentId = input.agentId ?? actor.userId;
    if (agentId === null) return { ...(await this.forFlow(input)), conversationId: null };
    if (actor.userId !== null && actor.role !== "admin" && agentId !== actor.userId) throw fieldError(403, "forbidden", "body.agentId", "an agent places calls for themselves only");
    const user = await this.deps.store.users.getUser(agentId);
    if (user === undefined || user.disabledAt !== null) throw fieldError(404, "agent_not_found", "body.agentId", `agent ${agentId} does not exist`);
    if (this.deps.agentLegs.ready(agentId) === undefined) {
      throw fieldError(409, "softphone_not_connected", input.agentId === undefined ? "body" : "body.agentId", `${user.name} has no softphone connected: turn Voice on in the console (Available) to place calls`);
    }
    await this.deps.trunks.trunk(input.channelId);
    const { rooms, calls } = this.deps;
    const conversation = await rooms.openOutbound({ userId: agentId, name: user.name, role: user.role }, { channelType: "sip_trunk", channelId: input.channelId, contact: input.to });
    let callId: string;
    try {
      ({ callId } = await this.deps.trunks.place({ channelId: input.channelId, to: input.to, mode: "agent", ...ringFor(input) }));
    } catch (error) {
      await rooms.closeFromChannel(conversation.id, "failed", `The call to ${input.to} could not be placed`);
      throw error;
    }
    calls.watch(callId, (signal) => {
      if (signal.state !== "ended") return;
      const reason = signal.reason in NOT_ANSWERED ? signal.reason : "completed";
      rooms.closeFromChannel(conversation.id, reason, endNote(input.to, signal)).catch((error: unknown) => this.deps.log(`sip: call ${callId}: room: ${String(error)}`));
    });
    await calls.linkConversation(callId, conversation.id);
    const live = calls.get(callId);
    if (live !== undefined) this.deps.callAgents.attachOutbound(conversation, live);
    return { callId, conversationId: conversation.id };
  }

  /** A call without an agent: the trunk's flow runs on it once it is answered. */
  async forFlow(input: { channelId: string; to: string; timeoutSeconds?: number }): Promise<{ callId: string }> {
    const { callId } = await this.deps.trunks.place({ channelId: input.channelId, to: input.to, mode: "flow", ...ringFor(input) });
    return { callId };
  }

  private async callGuest(conversation: ConversationView, participant: ParticipantView): Promise<void> {
    const { rooms, calls, trunks } = this.deps;
    const who = participant.displayName ?? participant.address;
    const note = (text: string, left = false) => rooms.participantNote(conversation.id, participant.id, text, { left });
    const trunkId = conversation.channelType === "sip_trunk" && conversation.channelId !== null ? conversation.channelId : (await trunks.anyTrunk())?.id;
    if (trunkId === undefined) {
      await note(`Could not call ${who}: no enabled SIP trunk`, true);
      return;
    }
    let placed;
    try {
      placed = await trunks.place({ channelId: trunkId, to: participant.address, mode: "guest" });
    } catch (error) {
      await note(`Could not call ${who}: ${error instanceof Error ? error.message : String(error)}`, true);
      return;
    }
    const { callId, channel } = placed;
    await note(`Calling ${who} through ${channel.name}`);
    calls.watch(callId, (signal) => {
      if (signal.state === "connected") {
        const live = calls.get(callId);
        if (live !== undefined) this.deps.callAgents.addGuest(conversation.id, participant.id, live);
        void note(`${who} answered the call`);
        return;
      }
      void note(endNote(who, signal), true);
    });
  }
}
