import { createHash } from "node:crypto";

/**
 * The session id of a call: derived from the channel and the CallSid (a UUID-shaped sha256), so
 * every callback of the call finds its session without a lookup table, and two channels never
 * share one.
 */
export function voiceSessionId(channelId: string, callSid: string): string {
  const hex = createHash("sha256").update(`twilio_voice\n${channelId}\n${callSid}`).digest("hex");
  // RFC 9562 layout: version 8 (custom), variant 10.
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
