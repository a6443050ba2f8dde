import { z } from "zod";

/**
 * The parts of a WhatsApp Cloud API webhook the driver reads (Meta adds fields freely: objects are
 * loose). Shapes: PROVIDERS.md "WhatsApp Cloud API".
 */
export const WhatsAppMessage = z.looseObject({
  from: z.string().min(1).max(64),
  id: z.string().min(1).max(256),
  timestamp: z.string().optional(),
  type: z.string().min(1),
  text: z.looseObject({ body: z.string().max(4096) }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string().max(256), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string().max(256), title: z.string(), description: z.string().optional() }).optional(),
      /** The user's answer to our call permission request (MEDIA.md 5.6). */
      call_permission_reply: z
        .looseObject({
          response: z.string().max(32),
          is_permanent: z.boolean().optional(),
          expiration_timestamp: z.union([z.number().int(), z.string().regex(/^[0-9]{1,12}$/)]).optional(),
          response_source: z.string().max(32).optional(),
        })
        .optional(),
    })
    .optional(),
  /** A template's quick-reply button. */
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessage>;

/** Why a message failed (`statuses[].errors[]` of a `failed` status). */
export const WhatsAppError = z.looseObject({
  code: z.number().int().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});
export type WhatsAppError = z.infer<typeof WhatsAppError>;

export const WhatsAppStatus = z.looseObject({
  id: z.string().min(1).max(256),
  status: z.string().min(1).max(32),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  errors: z.array(WhatsAppError).optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatus>;

/** `entry[].changes[].value` of a `messages` change. */
export const WhatsAppValue = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  metadata: z.looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z.array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(WhatsAppMessage).optional(),
  statuses: z.array(WhatsAppStatus).optional(),
});

export const WhatsAppWebhook = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.looseObject({ id: z.string(), changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })) })).min(1),
});
