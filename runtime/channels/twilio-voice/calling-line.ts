import { SessionState } from "../../engine/index";
import type { ConversationRecord } from "../../store/room-records";
import type { ChannelOf } from "../channel-config";
import { type DriverContext, isChannelOf } from "../channel-driver";

type VoiceChannel = ChannelOf<"twilio_voice">;

const VOICE = "twilio_voice";

/** The line a conversation's invited calls are placed from: the channel (its account) and the number. */
export interface CallingLine {
  channel: VoiceChannel;
  from: string;
}

/** The number the caller dialed (one of the account's numbers), when it is an E.164 number. */
async function dialedNumber(sessionId: string, context: DriverContext): Promise<string | undefined> {
  const head = await context.store.sessions.getSessionHead(sessionId);
  const state = head === undefined ? undefined : SessionState.safeParse(head.state);
  const to = state?.success === true ? state.data.call.to : undefined;
  return to !== undefined && /^\+[1-9][0-9]{6,14}$/.test(to) ? to : undefined;
}

/**
 * The channel and number a conversation's invited calls are placed from: the conversation's own
 * twilio_voice channel with its `settings.phoneNumber` (or, when that is not set, the number the
 * caller dialed: the session's `call.to`), else the first enabled twilio_voice channel with a
 * phone number. The same rule finds an invited call's channel again after a restart (whose
 * credentials update the call).
 */
export async function callingLine(conversation: ConversationRecord, context: DriverContext): Promise<CallingLine | undefined> {
  if (conversation.channelType === VOICE && conversation.channelId !== null) {
    const own = await context.channels.get(conversation.channelId);
    if (own !== undefined && isChannelOf(own, VOICE) && own.enabled) {
      const from = own.settings.phoneNumber ?? (conversation.sessionId === null ? undefined : await dialedNumber(conversation.sessionId, context));
      if (from !== undefined) return { channel: own, from };
    }
  }
  for (const record of await context.channels.listRecords()) {
    if (record.type !== VOICE || !record.enabled) continue;
    const channel = await context.channels.get(record.id).catch(() => undefined);
    if (channel !== undefined && isChannelOf(channel, VOICE) && channel.settings.phoneNumber !== undefined) return { channel, from: channel.settings.phoneNumber };
  }
  return undefined;
}
