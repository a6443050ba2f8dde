import type { CallsRepo } from "../store/calls-repo";

/** Channels whose calls reach the phone network (a Twilio phone call, a SIP trunk to a carrier). */
export const PHONE_CHANNELS: ReadonlySet<string> = new Set(["twilio_voice", "sip_trunk"]);

/**
 * Meta's terms forbid connecting a WhatsApp call to the phone network on any leg (MEDIA.md 5.7).
 * The one rule for everything that would add a phone leg to a call: the rooms' invite today
 * (409 `pstn_not_allowed`), and any flow node that dials out (none yet: issue 19's `dial` must ask
 * it and take its failure path with `reason`). Answers why not, or undefined when allowed.
 */
export async function phoneNetworkRefusal(calls: Pick<CallsRepo, "bySession">, on: { channelType: string | null; sessionId: string | null }, target: string): Promise<string | undefined> {
  if (!PHONE_CHANNELS.has(target) || on.channelType !== "whatsapp_cloud" || on.sessionId === null) return undefined;
  if ((await calls.bySession(on.sessionId)).length === 0) return undefined;
  return `the customer is on a WhatsApp call: Meta's terms forbid connecting WhatsApp calls to the phone network, so a ${target} participant cannot join; invite an agent on the console instead`;
}
