import type { ParticipantRecord } from "../../store/room-records";
import type { ChannelOf } from "../channel-config";
import type { DriverContext, Processed } from "../channel-driver";
import { callingLine } from "./calling-line";
import { createCall, TwilioApiError } from "./calls-api";
import type { VoiceWebhook } from "./parse-voice-webhook";
import { renderEmpty } from "./render-twiml";
import { ROOM_WORDS } from "./room-transition";
import { renderRoomTwiml } from "./room-twiml";
import { FINAL_CALL_STATUSES } from "./twilio-params";
import type { TailIntent } from "./voice-legs";
import { twiml } from "./voice-call-events";
import type { VoiceRoom } from "./voice-room";
import { type RoomLegRef, VoiceUrls } from "./voice-urls";

type VoiceChannel = ChannelOf<"twilio_voice">;
type Webhook<R extends VoiceWebhook["route"]> = Extract<VoiceWebhook, { route: R }>;

const nameOf = (participant: Pick<ParticipantRecord, "displayName" | "address">): string => participant.displayName ?? participant.address;

/** Why an invited call ended, as a system message in the room. */
function legEndNote(who: string, status: string): string {
  switch (status) {
    case "completed":
      return `${who} hung up`;
    case "busy":
      return `${who} was busy`;
    case "no-answer":
      return `${who} did not answer`;
    case "canceled":
      return `The call to ${who} was canceled`;
    default:
      return `The call to ${who} failed`;
  }
}

/**
 * Invite with `call` (README: "Voice in agent rooms"): an outbound call to the participant, whose
 * answer (`join`) puts them in the room's speech loop, and whose final status (`leg-status`)
 * takes them out of the room. Their call is then a leg of the room like the caller's.
 */
export class InvitedCalls {
  constructor(private readonly room: VoiceRoom) {}

  /** Invite with `call`: places an outbound call to the participant; its answer joins the speech loop (`join`). */
  async dial(conversationId: string, participantId: string, context: DriverContext): Promise<void> {
    const conversation = await context.store.rooms.conversations.get(conversationId);
    const participant = (await context.store.rooms.messages.participants(conversationId)).find((candidate) => candidate.id === participantId);
    if (conversation === undefined || participant === undefined || participant.leftAt !== null || conversation.status === "closed") return;
    const who = nameOf(participant);
    const note = (text: string, left = false) => context.rooms?.participantNote(conversationId, participantId, text, { left });
    const line = await callingLine(conversation, context);
    if (line === undefined) {
      await note(`Could not call ${who}: no enabled twilio_voice channel with a phone number (settings.phoneNumber)`, true);
      return;
    }
    const { channel, from } = line;
    const ref: RoomLegRef = { conversationId, participantId };
    const urls = new VoiceUrls(context.publicUrl, channel.id);
    try {
      const callSid = await createCall(channel.credentials, { to: participant.address, from, url: urls.join(ref), statusCallback: urls.legStatus(ref) }, { baseUrl: context.providerApis.twilio });
      // Stored before anything else: after a restart the room finds the call again from here.
      await context.store.rooms.messages.setCallSid(conversationId, participantId, callSid);
      this.room.legs.add({ ...ref, address: participant.address, callSid, channelId: channel.id, primary: false, sessionId: null, mode: "dialing", agentId: null });
      context.log(`twilio_voice ${channel.id}: calling ${participant.address} for conversation ${conversationId} (call ${callSid})`);
      await note(`Calling ${who} from ${from}`);
    } catch (error) {
      if (error instanceof TwilioApiError && error.unauthorized) {
        await context.channels.setStatus(channel.id, "error", `Twilio refused the credentials (HTTP ${error.status}) when placing a call`);
      }
      context.log(`twilio_voice ${channel.id}: calling ${participant.address} failed: ${error instanceof Error ? error.message : String(error)}`);
      await note(`Could not call ${who}: ${error instanceof TwilioApiError ? `Twilio answered HTTP ${error.status}` : "the call could not be placed"}`, true);
    }
  }

  /** The invited participant answered: they join the room (the speech loop, or hold music while nobody talks). */
  async join(webhook: Webhook<"join">, channel: VoiceChannel, context: DriverContext): Promise<Processed> {
    await this.room.ready();
    const { leg: ref, params } = webhook;
    const urls = new VoiceUrls(context.publicUrl, channel.id);
    const conversation = await this.room.conversation(ref.conversationId, context);
    const participant = conversation === undefined ? undefined : (await context.store.rooms.messages.participants(conversation.id)).find((candidate) => candidate.id === ref.participantId);
    if (conversation === undefined || participant === undefined || conversation.status === "closed" || participant.leftAt !== null) {
      return { reply: twiml(renderRoomTwiml([ROOM_WORDS.ended], { mode: "hangup" }, ref, urls)) };
    }
    // Normally stored when the call was placed; not when Twilio's answer to that was lost.
    if (participant.callSid !== params.CallSid) await context.store.rooms.messages.setCallSid(conversation.id, participant.id, params.CallSid);
    const leg = this.room.legs.add({ ...ref, address: participant.address, callSid: params.CallSid, channelId: channel.id, primary: false, sessionId: null, mode: "dialing", agentId: null });
    const agent = conversation.status === "active" ? await this.room.agentName(conversation, context) : null;
    leg.mode = conversation.status === "active" ? "loop" : conversation.status === "on_hold" ? "hold" : "waiting";
    leg.agentId = conversation.assigneeId;
    const tail: TailIntent = leg.mode === "loop" ? { mode: "loop" } : { mode: "hold", audio: conversation.holdAudio };
    const answer = this.room.legs.answer(leg, { says: [], tail });
    await context.rooms?.participantNote(conversation.id, participant.id, `${nameOf(participant)} answered the call`);
    return { reply: twiml(renderRoomTwiml([ROOM_WORDS.joined(agent), ...answer.says], answer.tail, leg, urls)) };
  }

  /** An invited call's final status: the participant leaves the room, with a note saying why. */
  async legStatus(webhook: Webhook<"leg-status">, context: DriverContext): Promise<Processed> {
    const { leg: ref, params, callStatus } = webhook;
    if (!FINAL_CALL_STATUSES.includes(callStatus)) return { reply: twiml(renderEmpty()) };
    await this.room.ready();
    const known = this.room.legs.get(ref.participantId);
    if (known !== undefined && known.callSid === params.CallSid) {
      known.mode = "done";
      this.room.legs.remove(ref.participantId);
    }
    await context.store.rooms.messages.clearCallSid(ref.conversationId, ref.participantId, params.CallSid);
    const participant = (await context.store.rooms.messages.participants(ref.conversationId)).find((candidate) => candidate.id === ref.participantId);
    if (participant !== undefined) await context.rooms?.participantNote(ref.conversationId, ref.participantId, legEndNote(nameOf(participant), callStatus), { left: true });
    return { reply: twiml(renderEmpty()) };
  }
}
