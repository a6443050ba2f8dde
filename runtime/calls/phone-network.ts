import type { CallsRepo } from "../store/calls-repo";

/** Channels whose calls reach the phone network (a Twilio phone call, a SIP trunk to a carrier). */
export const PHONE_CHANNELS: ReadonlySet<string> = new Set(["twilio_voice", "sip_trunk"]);

/**
 * Meta's terms forbid connecting a WhatsApp call to the phone network on any leg (MEDIA.md 5.7).
 * The one rule for everything that would add a phone leg to a call: the rooms' invite today
 * (409 `pstn_not_allowed`), and the `dial` node (the runner asks it before every step of such a
 * session; the node takes `failed` with `reason`). `on.callId`: the session is known to run a call
 * (a flow's first step, before the call row names its session). Answers why not, or undefined when allowed.
 */
export async function phoneNetworkRefusal(
  calls: Pick<CallsRepo, "bySession">,
  on: { channelType: string | null; sessionId: string | null; callId?: string | undefined },
  target: string,
): Promise<string | undefined> {
  if (!PHONE_CHANNELS.has(target) || on.channelType !== "whatsapp_cloud") return undefined;
  const onCall = on.callId !== undefined || (on.sessionId !== null && (await calls.bySession(on.sessionId)).length > 0);
  if (!onCall) return undefined;
  return `the customer is on a WhatsApp call: Meta's terms forbid connecting WhatsApp calls to the phone network, so a ${target} participant cannot join; invite an agent on the console instead`;
}
