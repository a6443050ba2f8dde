import { z } from "zod";
import { CallEndStatus } from "../../engine/index";

/** Twilio's call statuses after which the call is over (the engine's `CallEndStatus`). */
export const FINAL_CALL_STATUSES: readonly string[] = CallEndStatus.options;

const CallSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, "a Call SID is CA followed by 32 hex digits");

/**
 * The form parameters of Twilio's voice requests that the driver reads (Twilio sends more: geo
 * fields, STIR/SHAKEN…; they are kept in the inbound log's raw body). Every voice request carries
 * the standard ones; a `<Gather>` action adds Digits / SpeechResult / Confidence, a status
 * callback CallStatus / CallDuration, a `waitUrl` request QueuePosition / QueueTime, a `<Dial action>`
 * DialCallStatus / DialCallDuration / DialCallSid.
 */
export const TwilioVoiceParams = z.object({
  CallSid,
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "an Account SID is AC followed by 32 hex digits"),
  From: z.string().max(256).default(""),
  To: z.string().max(256).default(""),
  CallStatus: z.string().max(32).optional(),
  CallerName: z.string().max(256).optional(),
  /** DTMF keys; a `<Record>` action says `hangup` when the caller hung up while recording. */
  Digits: z
    .string()
    .regex(/^([0-9*#]*|hangup)$/, "DTMF keys only")
    .max(128)
    .optional(),
  /** A `<Record>` action's recording: its SID, its URL (the media, with the account's credentials) and its length in seconds. */
  RecordingSid: z.string().regex(/^RE[0-9a-fA-F]{32}$/, "a Recording SID is RE followed by 32 hex digits").optional(),
  RecordingUrl: z.url().max(2000).optional(),
  RecordingDuration: z.coerce.number().int().min(0).optional(),
  SpeechResult: z.string().max(4096).optional(),
  Confidence: z.coerce.number().min(0).max(1).optional(),
  DialCallStatus: z.string().max(32).optional(),
  DialCallDuration: z.coerce.number().int().min(0).optional(),
  DialCallSid: z.string().max(64).optional(),
});
export type TwilioVoiceParams = z.infer<typeof TwilioVoiceParams>;

/** The query of our own callback URLs (we wrote them; Twilio's signature covers them). */
export const WaitToken = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a wait token");

/** A conversation or participant id in our room URLs (UUIDs). */
export const RoomId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a conversation or participant id");

/** A form body as a record: one value per name, or every value of a repeated name (as the signature counts them). */
export function formParams(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
}
