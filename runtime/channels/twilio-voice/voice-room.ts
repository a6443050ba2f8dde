import { SessionState } from "../../engine/index";
import type { StreamParameters } from "../../media/streams/twilio-stream-messages";
import { holdAudioOf } from "../../rooms/hold-audio";
import type { ConversationRecord, ParticipantRecord } from "../../store/room-records";
import type { ChannelOf } from "../channel-config";
import { type DriverContext, isChannelOf, type Processed } from "../channel-driver";
import { callingLine } from "./calling-line";
import { TwilioApiError, updateCall } from "./calls-api";
import { ROOM_WORDS, tailOf, transition } from "./room-transition";
import { renderRoomTwiml, type RoomTail } from "./room-twiml";
import { type LegMode, splitWords, type VoiceLeg, VoiceLegs, type VoiceLegsOptions } from "./voice-legs";
import type { VoiceWebhook } from "./parse-voice-webhook";
import { twiml } from "./voice-call-events";
import type { CallSessions } from "./call-sessions";
import type { VoiceMedia } from "./voice-media";
import { VoiceUrls } from "./voice-urls";

type VoiceChannel = ChannelOf<"twilio_voice">;
type Webhook<R extends VoiceWebhook["route"]> = Extract<VoiceWebhook, { route: R }>;

const VOICE = "twilio_voice";

/**
 * Twilio voice calls in agent rooms (README: "Voice in agent rooms"). The room's state decides
 * what each call does — waiting: hold music (Twilio's `<Enqueue>` at first), active: the speech
 * loop, on hold: hold music, closed: the flow takes the call back (or an invited call hangs up) —
 * and agents' words are said into it. Everything reaches a live call as a Calls update, through
 * the leg's paced outbox (`VoiceLegs`); the caller's speech comes back to the `room` route.
 */
export class VoiceRoom {
  readonly legs: VoiceLegs;
  private recovery: Promise<void> = Promise.resolve();

  constructor(
    private readonly calls: CallSessions,
    options: VoiceLegsOptions = {},
    /** The media plane: with it, accepted callers are heard on agents' softphones (`agentAudio: "stream"`). */
    private readonly media?: VoiceMedia,
  ) {
    this.legs = new VoiceLegs(options);
  }

  /**
   * After a (re)start: the calls the store has as the rooms' (`conversation_participants.call_sid`,
   * conversations not closed) become legs again, each doing what its conversation's status says
   * at this moment (the speech loop while active, hold music on hold, the queue or hold music
   * while waiting), so the next room event — a message, hold, resume, close — is said into them
   * or moves them on as if the process had never stopped. Everything else waits for it (`ready`).
   */
  recover(context: DriverContext): Promise<void> {
    this.recovery = this.recoverStored(context).catch((error: unknown) => {
      context.log(`twilio_voice: finding the rooms' calls again failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.recovery;
  }

  /** Resolves once the stored calls are legs again (see `recover`). */
  ready(): Promise<void> {
    return this.recovery;
  }

  /**
   * Brings every call of the conversation in line with its status (idempotent: a call already
   * doing the right thing gets nothing). Called on `conversation.updated` and on hold / closed deliveries.
   */
  async follow(conversationId: string, context: DriverContext): Promise<void> {
    await this.recovery;
    const conversation = await this.conversation(conversationId, context);
    if (conversation === undefined || conversation.status === "closed") return this.closed(conversationId, context);
    const agent = await this.agentName(conversation, context);
    for (const leg of await this.legsOf(conversation, context)) {
      if (leg.mode === "done" || leg.mode === "dialing") continue;
      if (!(await this.owned(leg, context))) continue;
      const change = transition(leg, conversation, agent, await this.streamFor(leg, conversation, context));
      if (change !== undefined) this.legs.queue(leg, change, this.sender(context));
    }
  }

  /** An agent's (or a chat customer's) words, said into the call of the participant at `address`, then the call goes on as it was. */
  async say(conversationId: string, address: string, text: string, context: DriverContext): Promise<void> {
    await this.recovery;
    await this.follow(conversationId, context);
    const conversation = await this.conversation(conversationId, context);
    if (conversation === undefined || conversation.status === "closed") return;
    const leg = (await this.legsOf(conversation, context)).find((candidate) => candidate.address === address);
    if (leg === undefined || !(await this.owned(leg, context))) return;
    const tail = tailOf(leg, conversation);
    if (tail === undefined) {
      context.log(`twilio_voice: not saying a room message to call ${leg.callSid} (${leg.mode})`);
      return;
    }
    this.legs.queue(leg, { says: splitWords(text), tail }, this.sender(context));
  }

  /** A turn of the speech loop: what the caller said goes into the room, and the call keeps listening (or holds, or ends). */
  async room(webhook: Webhook<"room">, channel: VoiceChannel, context: DriverContext): Promise<Processed> {
    await this.recovery;
    const { leg: ref, params } = webhook;
    const urls = new VoiceUrls(context.publicUrl, channel.id);
    const conversation = await this.conversation(ref.conversationId, context);
    const participant = conversation === undefined ? undefined : (await context.store.rooms.messages.participants(conversation.id)).find((candidate) => candidate.id === ref.participantId);
    const primarySession = await this.calls.find(channel.id, params.CallSid, context);
    const primary = primarySession !== undefined && conversation?.sessionId === primarySession;
    if (conversation === undefined || participant === undefined || conversation.status === "closed" || participant.leftAt !== null) {
      // The room is over for this call. The flow's own TwiML is on its way for a caller whose flow goes on; anyone else hangs up.
      const flowGoesOn = primary && !(await this.handedOff(primarySession, context));
      return { reply: twiml(renderRoomTwiml(flowGoesOn ? [] : [ROOM_WORDS.ended], flowGoesOn ? { mode: "pause" } : { mode: "hangup" }, ref, urls)), ...(primary ? { sessionId: primarySession } : {}) };
    }
    // A call not known here (after a restart) was in the speech loop: that is where this callback comes from.
    const known = this.legs.get(ref.participantId);
    const leg = known ?? this.legs.add({ ...ref, address: participant.address, callSid: params.CallSid, channelId: channel.id, primary, sessionId: primary ? primarySession : null, mode: "loop", agentId: conversation.assigneeId });
    if (leg.callSid === params.CallSid) leg.channelId = channel.id; // the call's own callback names its channel (a leg found again from the store guessed it)
    if (known === undefined && participant.callSid !== params.CallSid) await context.store.rooms.messages.setCallSid(conversation.id, participant.id, params.CallSid);
    // Twilio asks here only once a call's stream is over (`<Connect action>`: the socket dropped):
    // the caller goes on in the speech loop (a later resume or accept may stream again).
    if (leg.mode === "stream") leg.mode = "loop";
    const speech = params.SpeechResult?.trim() ?? "";
    if (!webhook.timedOut && speech !== "") {
      const posted = await context.rooms?.postParticipantMessage(conversation.id, participant.id, speech, "speech_transcript");
      if (posted === undefined) context.log(`twilio_voice ${channel.id}: speech of call ${params.CallSid} reached no room (conversation ${conversation.id})`);
    }
    const change = transition(leg, conversation, await this.agentName(conversation, context));
    const answer = this.legs.answer(leg, change ?? { says: [], tail: tailOf(leg, conversation) ?? { mode: "loop" } });
    return { reply: twiml(renderRoomTwiml(answer.says, answer.tail, leg, urls)), ...(primary ? { sessionId: primarySession } : {}) };
  }

  /**
   * The primary caller's call ended (its status callback, after the session got its hangup): the
   * call is no longer ours, and a conversation the flow no longer waits on (a hand-off) closes.
   */
  async callEnded(channel: VoiceChannel, callSid: string, context: DriverContext): Promise<void> {
    await this.recovery;
    const sessionId = await this.calls.find(channel.id, callSid, context);
    if (sessionId === undefined) return;
    const conversation = await context.store.rooms.conversations.findBySession(sessionId);
    if (conversation === undefined) return;
    for (const leg of this.legs.inConversation(conversation.id)) {
      if (leg.callSid !== callSid) continue;
      leg.mode = "done";
      this.legs.remove(leg.participantId);
    }
    // Before the close below: the room must not find the ended call again in the store (and hang it up).
    for (const participant of await context.store.rooms.messages.participants(conversation.id)) {
      if (participant.callSid === callSid) await context.store.rooms.messages.clearCallSid(conversation.id, participant.id, callSid);
    }
    if (conversation.status !== "closed") await context.rooms?.closeForSession(sessionId, "caller_hangup");
  }

  /**
   * How an accepted caller can be heard on a stream (undefined: the speech loop): the room's own
   * caller, on a channel whose `agentAudio` is `stream` (the default), the assignee's softphone connected.
   */
  private async streamFor(leg: VoiceLeg, conversation: ConversationRecord, context: DriverContext): Promise<(() => StreamParameters) | undefined> {
    const media = this.media;
    const assignee = conversation.assigneeId;
    if (media === undefined || !leg.primary || conversation.status !== "active" || assignee === null || !media.softphoneReady(assignee)) return undefined;
    const channel = await context.channels.get(leg.channelId);
    if (channel === undefined || !isChannelOf(channel, VOICE) || (channel.settings.agentAudio ?? "stream") !== "stream") return undefined;
    return () => media.expectStream(leg.channelId, leg.callSid, conversation.id);
  }

  /** The assignee's name, as callers hear it. */
  async agentName(conversation: ConversationRecord, context: DriverContext): Promise<string> {
    const user = conversation.assigneeId === null ? undefined : await context.store.users.getUser(conversation.assigneeId);
    return user?.name ?? "an agent";
  }

  /** The conversation as its calls see it: `holdAudio` is what they hear on hold (the transfer's, else the team's; null: `hold`). */
  async conversation(conversationId: string, context: DriverContext): Promise<ConversationRecord | undefined> {
    const conversation = await context.store.rooms.conversations.get(conversationId);
    return conversation === undefined ? undefined : { ...conversation, holdAudio: await holdAudioOf(conversation, context.store.teams) };
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────

  /**
   * The conversation closed (or was deleted). The primary caller whose flow waited on the transfer
   * gets nothing from here: the runner dispatches `transfer_result` and the push observer updates
   * the call with the flow's TwiML (one update, no race). A caller the flow had handed off, and
   * invited calls, hear goodbye and hang up — also the calls this process knows only from the
   * store (`call_sid`, after a restart). Each leg is marked done (and its stored call forgotten)
   * before anything is sent, so a second close delivery (the fan-out's) finds nothing left to do.
   */
  private async closed(conversationId: string, context: DriverContext): Promise<void> {
    const legs = [...this.legs.inConversation(conversationId), ...(await this.storedLegs(conversationId, context))];
    for (const leg of legs) {
      if (leg.mode === "done") continue;
      const answered = leg.mode !== "dialing";
      leg.mode = "done";
      await context.store.rooms.messages.clearCallSid(leg.conversationId, leg.participantId, leg.callSid);
      const sayGoodbye = answered && (!leg.primary || (leg.sessionId !== null && (await this.handedOff(leg.sessionId, context))));
      if (sayGoodbye) this.legs.queue(leg, { says: [ROOM_WORDS.ended], tail: { mode: "hangup" } }, this.sender(context));
      void this.legs.settled(leg.participantId).then(() => {
        if (this.legs.get(leg.participantId) === leg) this.legs.remove(leg.participantId);
      });
    }
  }

  /** The calls the store still has as the room's (`call_sid`) that this process does not know (after a restart). */
  private async storedLegs(conversationId: string, context: DriverContext): Promise<VoiceLeg[]> {
    const conversation = await this.conversation(conversationId, context);
    if (conversation === undefined) return []; // deleted: its participants went with it
    const legs: VoiceLeg[] = [];
    for (const participant of await context.store.rooms.messages.participants(conversationId)) {
      if (participant.channel !== VOICE || participant.leftAt !== null || participant.callSid === null || this.legs.get(participant.id) !== undefined) continue;
      const leg = await this.foundAgain(conversation, participant, context);
      if (leg !== undefined) legs.push(leg);
    }
    return legs;
  }

  /** The conversation's live calls: the ones registered, else found again (the primary caller from the session, an invited call from the store). */
  private async legsOf(conversation: ConversationRecord, context: DriverContext): Promise<VoiceLeg[]> {
    const participants = (await context.store.rooms.messages.participants(conversation.id)).filter((participant) => participant.channel === VOICE && participant.leftAt === null);
    const legs: VoiceLeg[] = [];
    for (const participant of participants) {
      const leg = this.legs.get(participant.id) ?? (await this.foundAgain(conversation, participant, context));
      if (leg !== undefined) legs.push(leg);
    }
    return legs;
  }

  private async recoverStored(context: DriverContext): Promise<void> {
    let found = 0;
    for (const participant of await context.store.rooms.messages.onCalls()) {
      if (participant.channel !== VOICE || this.legs.get(participant.id) !== undefined) continue;
      const conversation = await this.conversation(participant.conversationId, context);
      if (conversation === undefined || conversation.status === "closed") continue;
      if ((await this.foundAgain(conversation, participant, context, "recovered")) !== undefined) found += 1;
    }
    if (found > 0) context.log(`twilio_voice: ${found} call(s) in agent rooms found again`);
  }

  /**
   * A call of the room this process does not know: the transferred caller's from their session
   * (`state.call.id`), an invited participant's from their stored `call_sid` on the channel the
   * call was placed from (`callingLine`). What the call does: `recovered` (at start, see
   * `recover`) what the conversation's status says; `needed` (a room event needs a call not
   * found at start — the status may already be the event's) nothing known, so the next `follow`
   * sends the call the status's document again (the caller's own leg: the queue, as before).
   */
  private async foundAgain(conversation: ConversationRecord, participant: ParticipantRecord, context: DriverContext, how: "recovered" | "needed" = "needed"): Promise<VoiceLeg | undefined> {
    if (conversation.channelType === VOICE && participant.role === "customer" && participant.address === conversation.contact) {
      return this.primaryLeg(conversation, participant, context, how === "recovered" && conversation.status !== "waiting" ? modeOf(conversation.status) : "queue");
    }
    if (participant.callSid === null) return undefined;
    const line = await callingLine(conversation, context);
    if (line === undefined) {
      context.log(`twilio_voice: no twilio_voice channel to reach call ${participant.callSid} of conversation ${conversation.id}`);
      return undefined;
    }
    return this.legs.add({
      conversationId: conversation.id,
      participantId: participant.id,
      address: participant.address,
      callSid: participant.callSid,
      channelId: line.channel.id,
      primary: false,
      sessionId: null,
      mode: how === "recovered" ? modeOf(conversation.status) : "loop",
      agentId: how === "recovered" && conversation.status !== "waiting" ? conversation.assigneeId : null,
    });
  }

  private async primaryLeg(conversation: ConversationRecord, participant: ParticipantRecord, context: DriverContext, mode: LegMode): Promise<VoiceLeg | undefined> {
    if (conversation.channelType !== VOICE || conversation.sessionId === null || conversation.channelId === null) return undefined;
    const head = await context.store.sessions.getSessionHead(conversation.sessionId);
    const state = head === undefined ? undefined : SessionState.safeParse(head.state);
    const callSid = state?.success === true ? state.data.call.id : undefined;
    if (callSid === undefined) return undefined;
    if (participant.callSid !== callSid) await context.store.rooms.messages.setCallSid(conversation.id, participant.id, callSid);
    return this.legs.add({
      conversationId: conversation.id,
      participantId: participant.id,
      address: participant.address,
      callSid,
      channelId: conversation.channelId,
      primary: true,
      sessionId: conversation.sessionId,
      mode,
      agentId: mode === "queue" ? null : conversation.assigneeId,
    });
  }

  /**
   * Is the call still the room's? An invited call is; the primary caller's while their flow waits
   * on the transfer or ended by handing them off. Otherwise (hung up, the flow took the call back)
   * the leg is done.
   */
  private async owned(leg: VoiceLeg, context: DriverContext): Promise<boolean> {
    if (!leg.primary || leg.sessionId === null) return leg.mode !== "done";
    const head = await context.store.sessions.getSessionHead(leg.sessionId);
    const state = head === undefined ? undefined : SessionState.safeParse(head.state);
    const ours = state?.success === true && ((state.data.status === "waiting" && state.data.waiting?.kind === "transfer") || (state.data.status === "ended" && state.data.endReason === "transfer_handoff"));
    if (!ours) {
      leg.mode = "done";
      this.legs.remove(leg.participantId);
      await context.store.rooms.messages.clearCallSid(leg.conversationId, leg.participantId, leg.callSid);
    }
    return ours;
  }

  /** The session ended by handing the caller to agents (its flow will not take the call back). */
  private async handedOff(sessionId: string, context: DriverContext): Promise<boolean> {
    const head = await context.store.sessions.getSessionHead(sessionId);
    const state = head === undefined ? undefined : SessionState.safeParse(head.state);
    return state?.success === true && state.data.status === "ended" && state.data.endReason === "transfer_handoff";
  }

  /** Sends a leg's document: a Calls update with the leg's channel's credentials. */
  private sender(context: DriverContext) {
    return async (leg: VoiceLeg, says: readonly string[], tail: RoomTail): Promise<void> => {
      const channel = await context.channels.get(leg.channelId);
      if (channel === undefined || !isChannelOf(channel, VOICE)) throw new Error(`twilio_voice channel ${leg.channelId} is gone`);
      const document = renderRoomTwiml(says, tail, leg, new VoiceUrls(context.publicUrl, channel.id));
      try {
        await updateCall(channel.credentials, leg.callSid, document, { baseUrl: context.providerApis.twilio });
      } catch (error) {
        context.log(`twilio_voice ${channel.id}: updating call ${leg.callSid} of conversation ${leg.conversationId} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (error instanceof TwilioApiError && error.unauthorized) {
          await context.channels.setStatus(channel.id, "error", `Twilio refused the credentials (HTTP ${error.status}) when updating call ${leg.callSid}`);
        }
        throw error;
      }
    };
  }
}

/** What a call found again at start is doing, as far as its conversation's status tells. */
function modeOf(status: ConversationRecord["status"]): LegMode {
  switch (status) {
    case "active":
      return "loop";
    case "on_hold":
      return "hold";
    case "waiting":
      return "waiting";
    case "closed":
      return "loop"; // answered, as far as we know: closing it says goodbye and hangs up
  }
}
