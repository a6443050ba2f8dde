import type { EventBus } from "../../rooms/event-bus";
import type { RoomEvent } from "../../rooms/room-events";
import type { ConversationView } from "../../rooms/views";
import type { CallsRepo } from "../../store/calls-repo";
import type { TeamsRepo } from "../../store/teams-repo";
import type { MediaPlane } from "../media-plane";
import type { AgentLegs } from "./agent-legs";
import type { CallRecordings } from "./call-recordings";
import type { LiveCall, MediaCalls } from "./media-calls";
import type { PromptClips } from "./prompt-clips";

const GOODBYE = "Thank you for calling. Goodbye.";

interface Bridged {
  conversationId: string;
  /** Agents whose legs are in the call's bridge. */
  agents: Set<string>;
  heldSince: number | undefined;
}

export interface CallAgentsDeps {
  calls: MediaCalls;
  agentLegs: AgentLegs;
  media: MediaPlane;
  records: CallsRepo;
  teams: Pick<TeamsRepo, "defaults">;
  clips: PromptClips;
  recordings: Pick<CallRecordings, "agentJoined">;
  log(line: string): void;
  now?: () => number;
}

/**
 * Agents on media-plane calls, driven by the rooms' domain events (as `VoiceRoomBridge` does for
 * Twilio calls): an accepted conversation bridges the caller's leg with the assignee's softphone
 * leg (both hear each other at once: the bridge relays Opus as it arrives), hold gives the caller
 * the team's hold music while the agent hears nothing, a transfer back to the queue takes the
 * agent out and plays hold music, an invited agent joins the bridge (a three-way call, mixed), and
 * closing takes the agents out (the flow continues, or the caller hears goodbye after a hand-off).
 * An agent whose softphone reconnects is put back into their calls' bridges.
 */
export class CallAgents {
  private readonly bridged = new Map<string, Bridged>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: CallAgentsDeps) {
    this.now = deps.now ?? Date.now;
    deps.agentLegs.onChange((change) => {
      if (change.state !== "connected") return;
      for (const [callId, bridged] of this.bridged) {
        if (!bridged.agents.has(change.userId)) continue;
        const call = deps.calls.get(callId);
        if (call !== undefined) this.then(callId, () => this.joinLeg(call, change.legId));
      }
    });
    deps.calls.onEnded((call) => this.then(call.callId, () => this.callEnded(call)));
    deps.agentLegs.onDigit((userId, digit) => {
      for (const [callId, bridged] of this.bridged) {
        if (!bridged.agents.has(userId)) continue;
        const call = deps.calls.get(callId);
        if (call !== undefined) void deps.media.send({ type: "leg.dtmf", legId: call.legId, digits: digit }).catch(() => undefined);
      }
    });
  }

  subscribe(bus: EventBus<RoomEvent>): () => void {
    return bus.subscribe((event) => this.handle(event));
  }

  /** The agents in a call's bridge (tests, call controls). */
  agentsOn(callId: string): string[] {
    return [...(this.bridged.get(callId)?.agents ?? [])];
  }

  /** Resolves when the events received so far have been handled (tests). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  private handle(event: RoomEvent): void {
    if (event.type === "conversation.updated") {
      const call = this.callOf(event.conversation);
      if (call !== undefined) this.then(call.callId, () => this.follow(call, event.conversation));
      return;
    }
    if (event.type === "conversation.participant_invited" && event.participant.role === "agent" && event.participant.channel === "console") {
      const call = this.callOf(event.conversation);
      if (call !== undefined && event.conversation.status === "active") this.then(call.callId, () => this.join(call, event.conversation, event.participant.address));
    }
  }

  private callOf(conversation: ConversationView): LiveCall | undefined {
    return conversation.sessionId === null ? undefined : this.deps.calls.forSession(conversation.sessionId);
  }

  private async follow(call: LiveCall, conversation: ConversationView): Promise<void> {
    const bridged = this.bridged.get(call.callId);
    switch (conversation.status) {
      case "active":
        if (conversation.assigneeId !== null) await this.join(call, conversation, conversation.assigneeId);
        if (bridged?.heldSince !== undefined) await this.resume(call, bridged);
        return;
      case "on_hold":
        if (bridged !== undefined && bridged.heldSince === undefined) await this.hold(call, conversation, bridged);
        return;
      case "waiting":
        // Back in the queue (an agent transferred it): agents out, hold music in.
        await this.leaveAll(call);
        call.playout.music(await this.holdAudio(conversation));
        return;
      case "closed":
        await this.leaveAll(call);
        this.bridged.delete(call.callId);
        // After a hand-off the flow has ended: nothing else will speak to the caller, and the agent who closed it ended the call.
        if (!conversation.flowWaiting && conversation.closeReason !== "customer_left") call.playout.perform([{ type: "prompt", nodeId: "room", text: GOODBYE }, { type: "end", reason: "transfer_handoff", disconnect: true }], () => "hold", "agent");
        return;
    }
  }

  private async join(call: LiveCall, conversation: ConversationView, userId: string): Promise<void> {
    let bridged = this.bridged.get(call.callId);
    if (bridged === undefined) {
      bridged = { conversationId: conversation.id, agents: new Set(), heldSince: undefined };
      this.bridged.set(call.callId, bridged);
      await this.deps.records.linkConversation(call.callId, conversation.id);
    }
    if (bridged.agents.has(userId)) return;
    bridged.agents.add(userId);
    await this.deps.records.agentJoined(call.callId, userId, this.now());
    await this.deps.recordings.agentJoined(call.callId, call.legId, conversation.teamId);
    const legId = this.deps.agentLegs.ready(userId);
    if (legId === undefined) {
      this.deps.log(`call ${call.callId}: agent ${userId} has no softphone connected: they join when it connects`);
      return;
    }
    await this.joinLeg(call, legId);
  }

  private async joinLeg(call: LiveCall, agentLegId: string): Promise<void> {
    call.playout.clear();
    await this.deps.media.send({ type: "bridge.join", bridgeId: call.callId, legId: call.legId });
    await this.deps.media.send({ type: "bridge.join", bridgeId: call.callId, legId: agentLegId });
  }

  private async hold(call: LiveCall, conversation: ConversationView, bridged: Bridged): Promise<void> {
    bridged.heldSince = this.now();
    const clip = await this.deps.clips.asset(await this.holdAudio(conversation));
    await this.deps.media.send({ type: "leg.hold", legId: call.legId, clips: clip === undefined ? [] : [clip] });
  }

  private async resume(call: LiveCall, bridged: Bridged): Promise<void> {
    const since = bridged.heldSince;
    bridged.heldSince = undefined;
    await this.deps.media.send({ type: "leg.hold", legId: call.legId, clips: null });
    if (since !== undefined) await this.deps.records.addHold(call.callId, this.now() - since);
  }

  private async leaveAll(call: LiveCall): Promise<void> {
    const bridged = this.bridged.get(call.callId);
    if (bridged === undefined) return;
    if (bridged.heldSince !== undefined) await this.resume(call, bridged);
    for (const userId of bridged.agents) {
      const legId = this.deps.agentLegs.ready(userId);
      if (legId !== undefined) await this.deps.media.send({ type: "bridge.leave", legId }).catch(() => undefined);
      await this.deps.records.agentLeft(call.callId, userId, this.now());
    }
    bridged.agents.clear();
    await this.deps.media.send({ type: "bridge.leave", legId: call.legId }).catch(() => undefined);
  }

  /** The caller is gone: the agents leave the bridge (their softphones stay up for the next call). */
  private async callEnded(call: LiveCall): Promise<void> {
    const bridged = this.bridged.get(call.callId);
    if (bridged === undefined) return;
    this.bridged.delete(call.callId);
    if (bridged.heldSince !== undefined) await this.deps.records.addHold(call.callId, this.now() - bridged.heldSince);
    for (const userId of bridged.agents) {
      const legId = this.deps.agentLegs.ready(userId);
      if (legId !== undefined) await this.deps.media.send({ type: "bridge.leave", legId }).catch(() => undefined);
      await this.deps.records.agentLeft(call.callId, userId, this.now());
    }
  }

  private async holdAudio(conversation: ConversationView): Promise<string> {
    if (conversation.holdAudio !== null) return conversation.holdAudio;
    return (conversation.teamId === null ? undefined : (await this.deps.teams.defaults(conversation.teamId))?.holdAudio) ?? "hold";
  }

  private then(callId: string, task: () => Promise<void>): void {
    const previous = this.chains.get(callId) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      this.deps.log(`call ${callId}: agents: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.chains.set(callId, next);
    void next.finally(() => {
      if (this.chains.get(callId) === next) this.chains.delete(callId);
    });
  }
}
