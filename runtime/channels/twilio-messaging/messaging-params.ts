import { z } from "zod";

/**
 * The form parameters of Twilio's "A message comes in" webhook that the driver reads (Twilio
 * sends more: NumSegments, geo fields, media URLs…; the raw body stays in the inbound log).
 * WhatsApp through Twilio: `From`/`To` are `whatsapp:+…`, with `ProfileName` and `WaId`.
 */
export const TwilioMessagingParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "a Message SID is SM or MM followed by 32 hex digits"),
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "an Account SID is AC followed by 32 hex digits"),
  From: z.string().min(1, "the sender's address").max(256),
  To: z.string().min(1, "our number").max(256),
  Body: z.string().max(4096).default(""),
  NumMedia: z.coerce.number().int().min(0).optional(),
  ProfileName: z.string().max(256).optional(),
  ButtonText: z.string().max(256).optional(),
});
export type TwilioMessagingParams = z.infer<typeof TwilioMessagingParams>;
