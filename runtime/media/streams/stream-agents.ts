import { SessionState } from "../../engine/index";
import type { Rooms } from "../../rooms/rooms";
import { conversationView } from "../../rooms/views";
import type { CallParty } from "../../store/calls-repo";
import type { Store } from "../../store/open-store";
import type { CallAgents } from "../calls/call-agents";
import type { PromptClips } from "../calls/prompt-clips";
import type { MediaPlane } from "../media-plane";
import { StreamPhone } from "./stream-phone";
import type { StartedStream } from "./twilio-stream-connection";
import type { StreamEnd, TwilioStreams } from "./twilio-streams";

/** What the room hears when a caller's stream closes without Twilio's `stop` (or the runtime stopped under it). */
export const STREAM_DROPPED = "The caller's audio connection dropped: the agent no longer hears them (the call goes on as text and speech).";

/** The channel type whose calls reach the media plane as streams (their rows are streams' rows). */
export const STREAM_CHANNEL_TYPE = "twilio_voice";

export interface StreamAgentsDeps {
  streams: Pick<TwilioStreams, "onStarted" | "onEnded" | "end">;
  callAgents: Pick<CallAgents, "attach" | "phoneEnded" | "agentsIn" | "settled">;
  media: Pick<MediaPlane, "send">;
  rooms: Pick<Rooms, "participantNote">;
  store: Pick<Store, "rooms" | "calls" | "sessions">;
  clips: Pick<PromptClips, "asset">;
  log(line: string): void;
  now?: () => number;
}

/**
 * Twilio callers on Media Streams with agents (README "Stream legs"). A started stream gets a call
 * row (`calls`, channel `twilio_voice`, linked to the conversation and session: the call log shows
 * it with its agents, hold time and recording) and becomes its room's phone leg (`StreamPhone`)
 * in `CallAgents`, which bridges it with the agents and moves it with the rooms' events as it does
 * the media plane's own calls: hold music into the stream (no TwiML round trip), resume, back to
 * the queue, invited agents (mixed), recording by the team's setting; closing ends the stream's
 * leg (its socket closes; Twilio runs `<Connect action>`, where the flow takes the call back).
 * When the stream's leg ends its row ends; a stream that drops (no `stop`) takes the agents out
 * and the room is told. The call itself (its TwiML) stays `VoiceRoom`'s.
 */
export class StreamAgents {
  /** Live streams by leg: their phone in `CallAgents`. */
  private readonly phones = new Map<string, StreamPhone>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private closing = false;

  constructor(private readonly deps: StreamAgentsDeps) {
    this.now = deps.now ?? Date.now;
    deps.streams.onStarted((stream) => this.then(stream.conversationId, () => this.started(stream)));
    deps.streams.onEnded((end) => this.then(end.stream.conversationId, () => this.ended(end)));
  }

  /** The agents bridged to a conversation's stream (tests, call controls). */
  agentsOn(conversationId: string): string[] {
    return this.current(conversationId) === undefined ? [] : this.deps.callAgents.agentsIn(conversationId);
  }

  /** Resolves when the events received so far have been handled (tests). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
    await this.deps.callAgents.settled();
  }

  /**
   * The runtime is stopping (its media process with it): every bridged stream's row ends
   * (`shutdown`) and its room is told the caller's audio dropped. Twilio then runs `<Connect
   * action>`, which the next process answers with the speech loop. Stream events after this are ignored.
   */
  async close(): Promise<void> {
    this.closing = true;
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
    for (const phone of this.phones.values()) {
      await this.deps.store.calls.ended(phone.callId, { at: this.now(), reason: "shutdown", hungUpBy: "system" }).catch((error: unknown) => this.deps.log(`call ${phone.callId}: ${String(error)}`));
      await this.dropped(phone.stream.conversationId);
    }
    this.phones.clear();
  }

  /**
   * A stream's row was left live by a process that died (found at start-up): the Twilio call
   * itself lives on at Twilio (its `<Connect action>` reaches the new process), so only the room
   * is told the caller's audio dropped.
   */
  async lostOnRestart(conversationId: string | null): Promise<void> {
    if (conversationId !== null) await this.dropped(conversationId);
  }

  private async started(stream: StartedStream): Promise<void> {
    if (this.closing) return;
    const record = await this.deps.store.rooms.conversations.get(stream.conversationId);
    if (record === undefined) {
      // Deleted meanwhile: its flow got the transfer's result, and the flow's own Calls update moves the call on.
      this.deps.log(`twilio stream ${stream.streamSid}: conversation ${stream.conversationId} does not exist: not bridged`);
      return;
    }
    if (record.status === "closed") {
      this.deps.log(`twilio stream ${stream.streamSid}: conversation ${stream.conversationId} is closed: the stream ends`);
      await this.deps.streams.end(stream.legId);
      return;
    }
    const parties = await this.parties(record.sessionId);
    const row = await this.deps.store.calls.create({
      channelId: stream.channelId,
      channelType: STREAM_CHANNEL_TYPE,
      direction: "inbound",
      from: parties.from ?? record.contact,
      to: parties.to ?? null,
      sessionId: record.sessionId,
      state: "active",
    });
    await this.deps.store.calls.linkConversation(row.id, record.id);
    const phone = new StreamPhone(stream, row.id, this.deps);
    const older = this.current(stream.conversationId);
    this.phones.set(stream.legId, phone);
    // A newer stream of the call replaces the older one in the room (its agents leave with it); its leg ends.
    this.deps.callAgents.attach(conversationView(record), phone);
    if (older !== undefined) await older.end();
  }

  /**
   * The stream's leg ended: `stop` (the call ended or moved on), ended by us (closed, replaced), or
   * dropped (`peer_gone`, also before it was bridged): its row ends, the agents leave, and a drop is told to the room.
   */
  private async ended(end: StreamEnd): Promise<void> {
    if (this.closing) return;
    const phone = this.phones.get(end.stream.legId);
    const newer = this.current(end.stream.conversationId) !== phone;
    this.phones.delete(end.stream.legId);
    if (phone !== undefined) {
      phone.gone();
      // Twilio stops a bidirectional stream only when the call ends (MEDIA.md 4): a `stop` is the caller's hang-up.
      const hungUpBy: CallParty = phone.endedBy ?? (end.reason === "hangup" ? "caller" : "system");
      await this.deps.store.calls.ended(phone.callId, { at: this.now(), reason: end.reason, hungUpBy });
      this.deps.callAgents.phoneEnded(phone.callId, end.reason);
    }
    if (end.reason === "peer_gone" && !newer) await this.dropped(end.stream.conversationId);
  }

  /** The newest live stream of a conversation. */
  private current(conversationId: string): StreamPhone | undefined {
    let found: StreamPhone | undefined;
    for (const phone of this.phones.values()) if (phone.stream.conversationId === conversationId && phone.live) found = phone;
    return found;
  }

  /** Tells the room its caller's audio dropped (nothing when the conversation is over). */
  private async dropped(conversationId: string): Promise<void> {
    const conversation = await this.deps.store.rooms.conversations.get(conversationId);
    if (conversation === undefined || conversation.status === "closed") return;
    const caller = (await this.deps.store.rooms.messages.participants(conversationId)).find((participant) => participant.role === "customer" && participant.address === conversation.contact);
    if (caller !== undefined) await this.deps.rooms.participantNote(conversationId, caller.id, STREAM_DROPPED);
  }

  /** The caller's and the dialed number, as the session has them. */
  private async parties(sessionId: string | null): Promise<{ from?: string; to?: string }> {
    const head = sessionId === null ? undefined : await this.deps.store.sessions.getSessionHead(sessionId);
    const state = head === undefined ? undefined : SessionState.safeParse(head.state);
    return state?.success === true ? { ...(state.data.call.from === undefined ? {} : { from: state.data.call.from }), ...(state.data.call.to === undefined ? {} : { to: state.data.call.to }) } : {};
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
