import type { EventBus } from "../../rooms/event-bus";
import { holdAudioOf } from "../../rooms/hold-audio";
import type { RoomEvent } from "../../rooms/room-events";
import type { ConversationView } from "../../rooms/views";
import type { CallsRepo } from "../../store/calls-repo";
import type { TeamsRepo } from "../../store/teams-repo";
import type { MediaPlane } from "../media-plane";
import type { AgentLegs } from "./agent-legs";
import { CallPhone } from "./call-phone";
import type { CallRecordings } from "./call-recordings";
import type { LiveCall, MediaCalls } from "./media-calls";
import type { PromptClips } from "./prompt-clips";
import type { RoomPhone } from "./room-phone";

/** The shipped ringback tone (`audio/ringback.*`: 440 + 480 Hz, 2 s on, 4 s off), played looped to agents while their call rings. */
const RINGBACK = "ringback";

/** A conversation's audio: its bridge (id = the conversation's) and who is in it. */
interface RoomAudio {
  conversationId: string;
  /** The room's phone leg: the customer's call (inbound), the one its agent placed, or a Twilio caller's stream. */
  phone: RoomPhone;
  /** Phone participants invited into the room: participant id → their call. */
  guests: Map<string, string>;
  /** Agents whose softphone legs are in the bridge. */
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
  /** A phone participant's call left the room (they hung up, or it failed). */
  guestLeft?(conversationId: string, participantId: string, reason: string): void;
  log(line: string): void;
  now?: () => number;
}

/**
 * Agents and phone participants on calls that reach the media plane, driven by the rooms' domain
 * events (as `VoiceRoomBridge` does for Twilio calls in the speech loop). Each conversation with a
 * call has one bridge (its id is the conversation's) around the room's phone leg (`RoomPhone`: a
 * media-plane call's own leg, or a Twilio caller's Media Stream attached by `StreamAgents`): an
 * accepted conversation bridges it with the assignee's softphone leg (both hear each other at
 * once: two legs are relayed as they arrive), an invited agent joins it (a three-way call, mixed),
 * and so does an invited phone participant's call. Hold gives the phone parties the team's hold
 * music while the agents hear nothing; a transfer back to the queue takes the agents out and plays
 * hold music; closing (or deleting) takes the agents out and the phone leg does what its kind does
 * (the flow continues, goodbye after a hand-off, a placed call ends, a stream closes). An agent
 * whose softphone reconnects is put back into their rooms' bridges; a muted agent is not heard
 * (the mute is their leg's). The call's row gets the agents' stays, the hold time and the recording.
 */
export class CallAgents {
  private readonly rooms = new Map<string, RoomAudio>();
  /** Every call in a room (its own call and its guests') → the room. */
  private readonly roomOfCall = new Map<string, string>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: CallAgentsDeps) {
    this.now = deps.now ?? Date.now;
    deps.agentLegs.onChange((change) => {
      if (change.state !== "connected") return;
      for (const room of this.rooms.values()) {
        if (room.agents.has(change.userId)) this.then(room.conversationId, () => this.bridgeLeg(room, change.userId, change.legId));
      }
    });
    deps.calls.onEnded((call, reason) => this.phoneEnded(call.callId, reason));
    deps.calls.onRingback((call, on) => {
      const conversationId = this.roomOfCall.get(call.callId);
      if (conversationId !== undefined) this.then(conversationId, () => this.ringback(conversationId, call, on));
    });
    deps.agentLegs.onDigit((userId, digit) => {
      for (const room of this.rooms.values()) {
        if (!room.agents.has(userId)) continue;
        room.phone.sendDigits(digit).catch((error: unknown) => deps.log(`conversation ${room.conversationId}: key ${digit}: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  subscribe(bus: EventBus<RoomEvent>): () => void {
    return bus.subscribe((event) => this.handle(event));
  }

  /** The agents in a call's room (tests, call controls). */
  agentsOn(callId: string): string[] {
    const conversationId = this.roomOfCall.get(callId);
    return conversationId === undefined ? [] : this.agentsIn(conversationId);
  }

  /** The agents in a conversation's bridge. */
  agentsIn(conversationId: string): string[] {
    return [...(this.rooms.get(conversationId)?.agents ?? [])];
  }

  /**
   * A call its agent placed (the conversation was opened active for them before the call
   * existed): the agent's softphone joins its bridge now, so they hear ringback while it rings
   * (`MediaCalls.ringing`), then its early media or the answer (the call's leg joins the bridge
   * when the far end's SDP makes it).
   */
  attachOutbound(conversation: ConversationView, call: LiveCall): void {
    this.attach(conversation, new CallPhone(call, this.deps, true));
  }

  /**
   * A phone leg that reaches the room from elsewhere (a Twilio caller's stream): it becomes the
   * room's (replacing an older one, whose agents leave with it) and follows the conversation from
   * its current state.
   */
  attach(conversation: ConversationView, phone: RoomPhone): void {
    this.then(conversation.id, async () => {
      const previous = this.rooms.get(conversation.id);
      if (previous !== undefined && previous.phone.callId !== phone.callId) await this.phoneGone(previous, "replaced");
      this.room(conversation, phone);
      await this.follow(phone, conversation);
    });
  }

  /** A room's phone leg (or a guest's call) ended: `MediaCalls` tells it for its calls, `StreamAgents` for streams. */
  phoneEnded(callId: string, reason: string): void {
    const conversationId = this.roomOfCall.get(callId);
    if (conversationId !== undefined) this.then(conversationId, () => this.callEnded(conversationId, callId, reason));
  }

  /** An invited phone participant's call was answered: it joins the room's bridge (held if the room is). */
  addGuest(conversationId: string, participantId: string, call: LiveCall): void {
    this.then(conversationId, async () => {
      const room = this.rooms.get(conversationId);
      if (room === undefined) {
        this.deps.log(`call ${call.callId}: conversation ${conversationId} has no call to join`);
        await this.deps.calls.hangup(call.callId, "system", "room_without_call");
        return;
      }
      room.guests.set(participantId, call.callId);
      this.roomOfCall.set(call.callId, conversationId);
      await this.deps.records.linkConversation(call.callId, conversationId);
      call.playout.clear();
      await this.deps.media.send({ type: "bridge.join", bridgeId: conversationId, legId: call.legId });
      if (room.heldSince !== undefined) await this.holdLeg(call.legId, conversationId);
    });
  }

  /** Resolves when the events received so far have been handled (tests). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  private handle(event: RoomEvent): void {
    if (event.type === "conversation.updated") {
      const phone = this.phoneOf(event.conversation);
      if (phone !== undefined) this.then(event.conversation.id, () => this.follow(phone, event.conversation));
      return;
    }
    if (event.type === "conversation.deleted") {
      if (this.rooms.has(event.conversationId)) {
        this.then(event.conversationId, async () => {
          const room = this.rooms.get(event.conversationId);
          if (room !== undefined) await this.roomOver(room, undefined);
        });
      }
      return;
    }
    if (event.type === "conversation.participant_invited" && event.participant.role === "agent" && event.participant.channel === "console") {
      const phone = this.phoneOf(event.conversation);
      if (phone !== undefined && event.conversation.status === "active") this.then(event.conversation.id, () => this.join(phone, event.conversation, event.participant.address));
    }
  }

  /** The room's phone leg while it is live: the one attached, else the media-plane call of the conversation's session. */
  private phoneOf(conversation: ConversationView): RoomPhone | undefined {
    const room = this.rooms.get(conversation.id);
    if (room !== undefined) return room.phone.live ? room.phone : undefined;
    const call = conversation.sessionId === null ? undefined : this.deps.calls.forSession(conversation.sessionId);
    return call === undefined ? undefined : new CallPhone(call, this.deps, false);
  }

  private room(conversation: ConversationView, phone: RoomPhone): RoomAudio {
    let room = this.rooms.get(conversation.id);
    if (room === undefined) {
      room = { conversationId: conversation.id, phone, guests: new Map(), agents: new Set(), heldSince: undefined };
      this.rooms.set(conversation.id, room);
    }
    this.roomOfCall.set(phone.callId, conversation.id);
    return room;
  }

  private async follow(phone: RoomPhone, conversation: ConversationView): Promise<void> {
    const room = this.rooms.get(conversation.id);
    switch (conversation.status) {
      case "active":
        if (conversation.assigneeId !== null) await this.join(phone, conversation, conversation.assigneeId);
        if (room?.heldSince !== undefined) await this.resume(room);
        return;
      case "on_hold":
        if (room !== undefined && room.heldSince === undefined) await this.hold(room, conversation);
        return;
      case "waiting":
        // Back in the queue (an agent transferred it): agents out, hold music in.
        if (room !== undefined) await this.agentsLeave(room);
        await phone.waiting(await this.holdAudio(conversation));
        return;
      case "closed":
        if (room !== undefined) await this.roomOver(room, conversation);
        return;
    }
  }

  /** The room is over (closed, or deleted: no conversation): agents and guests out, then the phone leg does what its kind does. */
  private async roomOver(room: RoomAudio, conversation: ConversationView | undefined): Promise<void> {
    await this.agentsLeave(room);
    await this.guestsLeave(room, "the conversation was closed");
    this.forget(room);
    await room.phone.roomClosed(conversation);
  }

  private async join(phone: RoomPhone, conversation: ConversationView, userId: string): Promise<void> {
    const room = this.room(conversation, phone);
    if (room.agents.size === 0 && room.guests.size === 0) await this.deps.records.linkConversation(phone.callId, conversation.id);
    if (room.agents.has(userId)) return;
    room.agents.add(userId);
    await this.deps.records.agentJoined(phone.callId, userId, this.now());
    await this.deps.recordings.agentJoined(phone.callId, phone.legId, conversation.teamId);
    const legId = this.deps.agentLegs.ready(userId);
    if (legId === undefined) {
      this.deps.log(`call ${phone.callId}: agent ${userId} has no softphone connected: they join when it connects`);
      return;
    }
    await this.bridgeLeg(room, userId, legId);
  }

  /** Puts the room's phone leg and an agent's leg in the room's bridge (the caller's prompts and music stop). */
  private async bridgeLeg(room: RoomAudio, userId: string, agentLegId: string): Promise<void> {
    const phone = room.phone;
    if (!phone.live) return;
    await phone.quiet();
    await this.deps.media.send({ type: "bridge.join", bridgeId: room.conversationId, legId: phone.legId });
    await this.deps.media.send({ type: "bridge.join", bridgeId: room.conversationId, legId: agentLegId });
    this.deps.agentLegs.inCall({ userId, conversationId: room.conversationId, joined: true, keysReachCaller: phone.keysReachCaller });
    if (phone.ringing) await this.playRingback(agentLegId, phone.callId, () => phone.ringing);
  }

  /** The room's own call started or stopped ringing: its agents' legs play ringback, or stop it (they hear the bridge again). */
  private async ringback(conversationId: string, call: LiveCall, on: boolean): Promise<void> {
    const room = this.rooms.get(conversationId);
    if (room === undefined || room.phone.callId !== call.callId) return;
    for (const userId of room.agents) {
      const legId = this.deps.agentLegs.ready(userId);
      if (legId === undefined) continue;
      if (on) await this.playRingback(legId, call.callId, () => call.ringback);
      else await this.deps.media.send({ type: "leg.stop", legId }).catch((error: unknown) => this.deps.log(`room ${conversationId}: ringback: ${String(error)}`));
    }
  }

  private async playRingback(legId: string, callId: string, ringing: () => boolean): Promise<void> {
    const clip = await this.deps.clips.asset(RINGBACK);
    if (clip === undefined || !ringing()) return;
    await this.deps.media.send({ type: "leg.play", legId, playbackId: `ringback:${callId}`, clips: [clip], loop: true }).catch((error: unknown) => this.deps.log(`call ${callId}: ringback: ${String(error)}`));
  }

  /** The phone legs of a room: its own and its guests' calls'. */
  private phoneLegs(room: RoomAudio): string[] {
    const guests = [...room.guests.values()].flatMap((callId) => {
      const call = this.deps.calls.get(callId);
      return call === undefined ? [] : [call.legId];
    });
    return room.phone.live ? [room.phone.legId, ...guests] : guests;
  }

  private async hold(room: RoomAudio, conversation: ConversationView): Promise<void> {
    room.heldSince = this.now();
    for (const legId of this.phoneLegs(room)) await this.holdLeg(legId, conversation.id, conversation);
  }

  private async holdLeg(legId: string, conversationId: string, conversation?: ConversationView): Promise<void> {
    const audio = conversation === undefined ? "hold" : await this.holdAudio(conversation);
    const clip = await this.deps.clips.asset(audio);
    await this.deps.media.send({ type: "leg.hold", legId, clips: clip === undefined ? [] : [clip] }).catch((error: unknown) => this.deps.log(`room ${conversationId}: hold: ${String(error)}`));
  }

  private async resume(room: RoomAudio): Promise<void> {
    const since = room.heldSince;
    room.heldSince = undefined;
    for (const legId of this.phoneLegs(room)) await this.deps.media.send({ type: "leg.hold", legId, clips: null }).catch(() => undefined);
    if (since !== undefined) await this.deps.records.addHold(room.phone.callId, this.now() - since);
  }

  private async agentsLeave(room: RoomAudio): Promise<void> {
    if (room.heldSince !== undefined) await this.resume(room);
    for (const userId of room.agents) {
      const legId = this.deps.agentLegs.ready(userId);
      if (legId !== undefined) await this.deps.media.send({ type: "bridge.leave", legId }).catch(() => undefined);
      this.deps.agentLegs.inCall({ userId, conversationId: room.conversationId, joined: false, keysReachCaller: room.phone.keysReachCaller });
      await this.deps.records.agentLeft(room.phone.callId, userId, this.now());
    }
    room.agents.clear();
  }

  /** Hangs up the room's invited phone participants. */
  private async guestsLeave(room: RoomAudio, why: string): Promise<void> {
    for (const [participantId, callId] of room.guests) {
      room.guests.delete(participantId);
      this.roomOfCall.delete(callId);
      await this.deps.calls.hangup(callId, "agent", "room_closed");
      this.deps.guestLeft?.(room.conversationId, participantId, why);
    }
  }

  private forget(room: RoomAudio): void {
    if (this.rooms.get(room.conversationId) === room) this.rooms.delete(room.conversationId);
    this.roomOfCall.delete(room.phone.callId);
    for (const callId of room.guests.values()) this.roomOfCall.delete(callId);
  }

  /** A call of a room ended: a guest leaves the room; the room's own phone leg takes the agents and guests out with it. */
  private async callEnded(conversationId: string, callId: string, reason: string): Promise<void> {
    const room = this.rooms.get(conversationId);
    this.roomOfCall.delete(callId);
    if (room === undefined) return;
    for (const [participantId, guestCallId] of room.guests) {
      if (guestCallId !== callId) continue;
      room.guests.delete(participantId);
      this.deps.guestLeft?.(conversationId, participantId, reason);
      return;
    }
    if (room.phone.callId === callId) await this.phoneGone(room, "the call ended");
  }

  /** The room's phone leg is gone: hold time counted, agents and guests out, the room forgotten. */
  private async phoneGone(room: RoomAudio, why: string): Promise<void> {
    const callId = room.phone.callId;
    if (room.heldSince !== undefined) await this.deps.records.addHold(callId, this.now() - room.heldSince);
    room.heldSince = undefined;
    for (const userId of room.agents) {
      const legId = this.deps.agentLegs.ready(userId);
      if (legId !== undefined) await this.deps.media.send({ type: "bridge.leave", legId }).catch(() => undefined);
      this.deps.agentLegs.inCall({ userId, conversationId: room.conversationId, joined: false, keysReachCaller: room.phone.keysReachCaller });
      await this.deps.records.agentLeft(callId, userId, this.now());
    }
    room.agents.clear();
    await this.guestsLeave(room, why);
    this.forget(room);
  }

  private async holdAudio(conversation: ConversationView): Promise<string> {
    return (await holdAudioOf(conversation, this.deps.teams)) ?? "hold";
  }

  private then(conversationId: string, task: () => Promise<void>): void {
    const previous = this.chains.get(conversationId) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      this.deps.log(`conversation ${conversationId}: call agents: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.chains.set(conversationId, next);
    void next.finally(() => {
      if (this.chains.get(conversationId) === next) this.chains.delete(conversationId);
    });
  }
}
