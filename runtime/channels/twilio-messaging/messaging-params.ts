import { z } from "zod";

/**
 * The form parameters of Twilio's "A message comes in" webhook that the driver reads (Twilio
 * sends more: NumSegments, geo fields, MediaUrl1…; the raw body stays in the inbound log).
 * WhatsApp through Twilio: `From`/`To` are `whatsapp:+…`, with `ProfileName` and `WaId`.
 */
export const TwilioMessagingParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "a Message SID is SM or MM followed by 32 hex digits"),
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "an Account SID is AC followed by 32 hex digits"),
  From: z.string().min(1, "the sender's address").max(256),
  To: z.string().min(1, "our number").max(256),
  Body: z.string().max(4096).default(""),
  NumMedia: z.coerce.number().int().min(0).optional(),
  /** The first attachment (MMS, WhatsApp media): its URL at Twilio and its content type. */
  MediaUrl0: z.string().max(2048).optional(),
  MediaContentType0: z.string().max(256).optional(),
  /** A shared location (WhatsApp through Twilio): coordinates, and the place's address and name when it is one. */
  Latitude: z.string().max(64).optional(),
  Longitude: z.string().max(64).optional(),
  Address: z.string().max(1024).optional(),
  Label: z.string().max(1024).optional(),
  ProfileName: z.string().max(256).optional(),
  ButtonText: z.string().max(256).optional(),
});
export type TwilioMessagingParams = z.infer<typeof TwilioMessagingParams>;

/** What Twilio reports on a message's StatusCallback (documented values of `MessageStatus`). */
export const MESSAGE_STATUSES = ["accepted", "scheduled", "canceled", "queued", "sending", "sent", "failed", "delivered", "undelivered", "receiving", "received", "read", "partially_delivered"] as const;

/**
 * A message status callback's form parameters that the driver reads: the message, its new status
 * and, for `failed` / `undelivered`, Twilio's error code (e.g. 63016: a WhatsApp message outside the
 * 24-hour window, 21610: the recipient replied STOP).
 */
export const TwilioMessageStatusParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "a Message SID is SM or MM followed by 32 hex digits"),
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "an Account SID is AC followed by 32 hex digits"),
  MessageStatus: z.enum(MESSAGE_STATUSES),
  ErrorCode: z.string().regex(/^[0-9]{1,8}$/, "Twilio error codes are numbers").optional(),
  ErrorMessage: z.string().max(1024).optional(),
  To: z.string().max(256).optional(),
  From: z.string().max(256).optional(),
});
export type TwilioMessageStatusParams = z.infer<typeof TwilioMessageStatusParams>;
