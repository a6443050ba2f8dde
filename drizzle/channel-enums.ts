/**
 * The channel enumerations, apart from the table definitions so the web app can validate channels
 * with the runtime's schemas (`runtime/channels/channel-config.ts`) without bundling drizzle.
 */
export const CHANNEL_TYPES = ["twilio_voice", "twilio_messaging", "whatsapp_cloud", "telegram", "webchat", "webvoice", "sip_trunk"] as const;
export const CHANNEL_STATUSES = ["setup", "active", "inactive", "error"] as const;
