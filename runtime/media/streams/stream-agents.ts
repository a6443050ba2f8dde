import type { EventBus } from "../../rooms/event-bus";
import { holdAudioOf } from "../../rooms/hold-audio";
import type { RoomEvent } from "../../rooms/room-events";
import type { Rooms } from "../../rooms/rooms";
import type { ConversationRecord } from "../../store/room-records";
import type { Store } from "../../store/open-store";
import type { AgentLegs } from "../calls/agent-legs";
import type { PromptClips } from "../calls/prompt-clips";
import type { MediaPlane } from "../media-plane";
import type { StartedStream } from "./twilio-stream-connection";
import type { StreamEnd, TwilioStreams } from "./twilio-streams";

/** What the room hears when a caller's stream closes without Twilio's `stop`. */
export const STREAM_DROPPED = "The caller's audio connection dropped: the agent no longer hears them (the call goes on as text and speech).";

/** A conversation whose caller is on a stream: the stream's leg and the agents bridged to it. */
interface StreamRoom {
  stream: StartedStream;
  agents: Set<string>;
  held: boolean;
}

export interface StreamAgentsDeps {
  streams: Pick<TwilioStreams, "onStarted" | "onEnded" | "end">;
  agentLegs: Pick<AgentLegs, "ready" | "onChange">;
  media: Pick<MediaPlane, "send">;
  rooms: Pick<Rooms, "participantNote">;
  store: Pick<Store, "rooms" | "teams">;
  clips: Pick<PromptClips, "asset">;
  log(line: string): void;
}

/**
 * Twilio callers on Media Streams with agents (README "Stream legs"): what `CallAgents` does for
 * the media plane's own calls, for a stream leg. A started stream joins the bridge named after its
 * conversation with the assignee's softphone leg; the rooms' events then move it: hold plays the
 * hold music into the stream (no TwiML round trip) and resume takes it out, a transfer back to
 * the queue takes the agents out and plays the music, an invited agent joins (mixed), closing takes
 * the agents out and ends the stream's leg (its socket closes; Twilio runs `<Connect action>`,
 * where the flow takes the call back). A stream that drops (no `stop`) takes the agents out and
 * the room is told. The call itself (its TwiML) stays `VoiceRoom`'s.
 */
export class StreamAgents {
  private readonly rooms = new Map<string, StreamRoom>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly deps: StreamAgentsDeps) {
    deps.streams.onStarted((stream) => this.then(stream.conversationId, () => this.started(stream)));
    deps.streams.onEnded((end) => this.then(end.stream.conversationId, () => this.ended(end)));
    deps.agentLegs.onChange((change) => {
      if (change.state !== "connected") return;
      for (const room of this.rooms.values()) {
        if (room.agents.has(change.userId)) this.then(room.stream.conversationId, () => this.deps.media.send({ type: "bridge.join", bridgeId: room.stream.conversationId, legId: change.legId }).then(() => undefined));
      }
    });
  }

  subscribe(bus: EventBus<RoomEvent>): () => void {
    return bus.subscribe((event) => {
      if (event.type === "conversation.updated" && this.rooms.has(event.conversation.id)) this.then(event.conversation.id, () => this.follow(event.conversation.id));
      if (event.type === "conversation.deleted" && this.rooms.has(event.conversationId)) this.then(event.conversationId, () => this.follow(event.conversationId));
      if (event.type === "conversation.participant_invited" && event.participant.role === "agent" && event.participant.channel === "console" && this.rooms.has(event.conversation.id)) {
        const userId = event.participant.address;
        this.then(event.conversation.id, async () => {
          const room = this.rooms.get(event.conversation.id);
          if (room !== undefined) await this.join(room, userId);
        });
      }
    });
  }

  /** The agents bridged to a conversation's stream (tests, call controls). */
  agentsOn(conversationId: string): string[] {
    return [...(this.rooms.get(conversationId)?.agents ?? [])];
  }

  /** Resolves when the events received so far have been handled (tests). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  private async started(stream: StartedStream): Promise<void> {
    const conversation = await this.deps.store.rooms.conversations.get(stream.conversationId);
    if (conversation === undefined) {
      // Deleted meanwhile: its flow got the transfer's result, and the flow's own Calls update moves the call on.
      this.deps.log(`twilio stream ${stream.streamSid}: conversation ${stream.conversationId} does not exist: not bridged`);
      return;
    }
    if (conversation.status === "closed") {
      this.deps.log(`twilio stream ${stream.streamSid}: conversation ${stream.conversationId} is closed: the stream ends`);
      await this.deps.streams.end(stream.legId);
      return;
    }
    const previous = this.rooms.get(conversation.id);
    if (previous !== undefined) await this.deps.streams.end(previous.stream.legId); // a newer stream of the call replaces it
    this.rooms.set(conversation.id, { stream, agents: new Set(), held: false });
    await this.deps.media.send({ type: "bridge.join", bridgeId: conversation.id, legId: stream.legId });
    await this.follow(conversation.id);
  }

  private async follow(conversationId: string): Promise<void> {
    const room = this.rooms.get(conversationId);
    const conversation = await this.deps.store.rooms.conversations.get(conversationId);
    if (room === undefined) return;
    if (conversation === undefined || conversation.status === "closed") {
      this.rooms.delete(conversationId);
      await this.agentsLeave(room);
      await this.deps.streams.end(room.stream.legId);
      return;
    }
    switch (conversation.status) {
      case "active":
        if (conversation.assigneeId !== null) await this.join(room, conversation.assigneeId);
        if (room.held) await this.hold(room, conversation, false);
        return;
      case "on_hold":
        if (!room.held) await this.hold(room, conversation, true);
        return;
      case "waiting":
        // Back in the queue (the agent transferred it): the caller hears the music (first: no moment of silence), the agents leave.
        if (!room.held) await this.hold(room, conversation, true);
        await this.agentsLeave(room);
        return;
    }
  }

  private async join(room: StreamRoom, userId: string): Promise<void> {
    if (room.agents.has(userId)) return;
    room.agents.add(userId);
    const legId = this.deps.agentLegs.ready(userId);
    if (legId === undefined) {
      this.deps.log(`conversation ${room.stream.conversationId}: agent ${userId} has no softphone connected: they join when it connects`);
      return;
    }
    await this.deps.media.send({ type: "bridge.join", bridgeId: room.stream.conversationId, legId });
  }

  /** Hold music into the stream (the agents hear nothing of the caller), or back to the bridge. */
  private async hold(room: StreamRoom, conversation: ConversationRecord, on: boolean): Promise<void> {
    room.held = on;
    const clip = on ? await this.deps.clips.asset((await holdAudioOf(conversation, this.deps.store.teams)) ?? "hold") : undefined;
    await this.deps.media.send({ type: "leg.hold", legId: room.stream.legId, clips: on ? (clip === undefined ? [] : [clip]) : null }).catch((error: unknown) => this.deps.log(`conversation ${conversation.id}: stream hold: ${String(error)}`));
  }

  private async agentsLeave(room: StreamRoom): Promise<void> {
    for (const userId of room.agents) {
      const legId = this.deps.agentLegs.ready(userId);
      if (legId !== undefined) await this.deps.media.send({ type: "bridge.leave", legId }).catch(() => undefined);
    }
    room.agents.clear();
  }

  /**
   * The stream's leg ended: `stop` (the call ended or moved on), ended by us (closed, replaced), or
   * dropped (`peer_gone`, also before it was bridged): the agents leave and the room is told.
   */
  private async ended(end: StreamEnd): Promise<void> {
    const conversationId = end.stream.conversationId;
    const room = this.rooms.get(conversationId);
    if (room !== undefined && room.stream.legId !== end.stream.legId) return; // an older stream of the call
    if (room !== undefined) {
      this.rooms.delete(conversationId);
      await this.agentsLeave(room);
    }
    if (end.reason !== "peer_gone") return;
    const conversation = await this.deps.store.rooms.conversations.get(conversationId);
    if (conversation === undefined || conversation.status === "closed") return;
    const caller = (await this.deps.store.rooms.messages.participants(conversationId)).find((participant) => participant.role === "customer" && participant.address === conversation.contact);
    if (caller !== undefined) await this.deps.rooms.participantNote(conversationId, caller.id, STREAM_DROPPED);
  }

  private then(conversationId: string, task: () => Promise<void>): void {
    const previous = this.chains.get(conversationId) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      this.deps.log(`conversation ${conversationId}: stream agents: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.chains.set(conversationId, next);
    void next.finally(() => {
      if (this.chains.get(conversationId) === next) this.chains.delete(conversationId);
    });
  }
}
