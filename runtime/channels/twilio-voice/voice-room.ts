import { SessionState } from "../../engine/index";
import { holdAudioOf } from "../../rooms/hold-audio";
import type { ConversationRecord, ParticipantRecord } from "../../store/room-records";
import type { ChannelOf } from "../channel-config";
import { type DriverContext, isChannelOf, type Processed } from "../channel-driver";
import { TwilioApiError, updateCall } from "./calls-api";
import { ROOM_WORDS, tailOf, transition } from "./room-transition";
import { renderRoomTwiml, type RoomTail } from "./room-twiml";
import { splitWords, type VoiceLeg, VoiceLegs, type VoiceLegsOptions } from "./voice-legs";
import type { VoiceWebhook } from "./parse-voice-webhook";
import { twiml } from "./voice-call-events";
import type { CallSessions } from "./call-sessions";
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

  constructor(
    private readonly calls: CallSessions,
    options: VoiceLegsOptions = {},
  ) {
    this.legs = new VoiceLegs(options);
  }

  /**
   * Brings every call of the conversation in line with its status (idempotent: a call already
   * doing the right thing gets nothing). Called on `conversation.updated` and on hold / closed deliveries.
   */
  async follow(conversationId: string, context: DriverContext): Promise<void> {
    const conversation = await this.conversation(conversationId, context);
    if (conversation === undefined || conversation.status === "closed") return this.closed(conversationId, context);
    const agent = await this.agentName(conversation, context);
    for (const leg of await this.legsOf(conversation, context)) {
      if (leg.mode === "done" || leg.mode === "dialing") continue;
      if (!(await this.owned(leg, context))) continue;
      const change = transition(leg, conversation, agent);
      if (change !== undefined) this.legs.queue(leg, change, this.sender(context));
    }
  }

  /** An agent's (or a chat customer's) words, said into the call of the participant at `address`, then the call goes on as it was. */
  async say(conversationId: string, address: string, text: string, context: DriverContext): Promise<void> {
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
    const leg =
      this.legs.get(ref.participantId) ??
      this.legs.add({ ...ref, address: participant.address, callSid: params.CallSid, channelId: channel.id, primary, sessionId: primary ? primarySession : null, mode: "loop", agentId: conversation.assigneeId });
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
    const sessionId = await this.calls.find(channel.id, callSid, context);
    if (sessionId === undefined) return;
    const conversation = await context.store.rooms.conversations.findBySession(sessionId);
    if (conversation === undefined) return;
    for (const leg of this.legs.inConversation(conversation.id)) {
      if (leg.callSid !== callSid) continue;
      leg.mode = "done";
      this.legs.remove(leg.participantId);
    }
    if (conversation.status !== "closed") await context.rooms?.closeForSession(sessionId, "caller_hangup");
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
   * invited calls, hear goodbye and hang up. Each leg is marked done before anything is awaited, so
   * a second close delivery (the fan-out's) finds nothing left to do.
   */
  private async closed(conversationId: string, context: DriverContext): Promise<void> {
    for (const leg of this.legs.inConversation(conversationId)) {
      if (leg.mode === "done") continue;
      const answered = leg.mode !== "dialing";
      leg.mode = "done";
      const sayGoodbye = answered && (!leg.primary || (leg.sessionId !== null && (await this.handedOff(leg.sessionId, context))));
      if (sayGoodbye) this.legs.queue(leg, { says: [ROOM_WORDS.ended], tail: { mode: "hangup" } }, this.sender(context));
      void this.legs.settled(leg.participantId).then(() => this.legs.remove(leg.participantId));
    }
  }

  /** The conversation's live calls: the ones registered, and the primary caller found again from the session. */
  private async legsOf(conversation: ConversationRecord, context: DriverContext): Promise<VoiceLeg[]> {
    const participants = (await context.store.rooms.messages.participants(conversation.id)).filter((participant) => participant.channel === VOICE && participant.leftAt === null);
    const legs: VoiceLeg[] = [];
    for (const participant of participants) {
      const known = this.legs.get(participant.id);
      if (known !== undefined) legs.push(known);
      else if (participant.role === "customer" && participant.address === conversation.contact) {
        const primary = await this.primaryLeg(conversation, participant, context);
        if (primary !== undefined) legs.push(primary);
      }
    }
    return legs;
  }

  private async primaryLeg(conversation: ConversationRecord, participant: ParticipantRecord, context: DriverContext): Promise<VoiceLeg | undefined> {
    if (conversation.channelType !== VOICE || conversation.sessionId === null || conversation.channelId === null) return undefined;
    const head = await context.store.sessions.getSessionHead(conversation.sessionId);
    const state = head === undefined ? undefined : SessionState.safeParse(head.state);
    const callSid = state?.success === true ? state.data.call.id : undefined;
    if (callSid === undefined) return undefined;
    return this.legs.add({
      conversationId: conversation.id,
      participantId: participant.id,
      address: participant.address,
      callSid,
      channelId: conversation.channelId,
      primary: true,
      sessionId: conversation.sessionId,
      mode: "queue",
      agentId: null,
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

