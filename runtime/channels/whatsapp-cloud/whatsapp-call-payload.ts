import { z } from "zod";
import { WhatsAppError } from "./whatsapp-payload";

/**
 * The parts of a `calls` webhook change the driver reads (MEDIA.md 5.2; objects are loose, Meta
 * adds fields freely). A `connect` carries the SDP (`session`); a `terminate` its `status`
 * (`COMPLETED` / `FAILED`, in any case) and, when answered, `duration` in seconds.
 */
export const WhatsAppCallSession = z.looseObject({
  sdp_type: z.enum(["offer", "answer"]),
  /** Meta's offers are about 1–2 KB; 64 KiB is far beyond any. */
  sdp: z.string().min(1).max(65_536),
});

export const WhatsAppCall = z.looseObject({
  id: z.string().min(1).max(256),
  /** The user's wa_id on a user-initiated call; username-only users may come with `from_user_id` only. */
  from: z.string().min(1).max(64).optional(),
  from_user_id: z.string().min(1).max(256).optional(),
  to: z.string().max(64).optional(),
  event: z.string().min(1).max(64),
  timestamp: z.string().regex(/^[0-9]{1,12}$/, "Unix seconds as a string").optional(),
  direction: z.string().max(64).optional(),
  session: WhatsAppCallSession.optional(),
  status: z.string().max(64).optional(),
  /** Seconds (a number in Meta's samples; a numeric string is taken too). */
  duration: z.union([z.number().nonnegative(), z.string().regex(/^[0-9]{1,9}$/)]).optional(),
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(WhatsAppError).optional(),
});
export type WhatsAppCall = z.infer<typeof WhatsAppCall>;

/** `value.statuses[]` of a `calls` change: a business-initiated call's progress. */
export const WhatsAppCallStatus = z.looseObject({
  id: z.string().min(1).max(256),
  type: z.string().optional(),
  status: z.string().min(1).max(64),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
});
export type WhatsAppCallStatus = z.infer<typeof WhatsAppCallStatus>;

/** `entry[].changes[].value` of a `calls` change. */
export const WhatsAppCallsValue = z.looseObject({
  messaging_product: z.literal("whatsapp").optional(),
  metadata: z.looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z.array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  calls: z.array(WhatsAppCall).optional(),
  statuses: z.array(WhatsAppCallStatus).optional(),
});
