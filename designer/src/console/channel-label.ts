const LABELS: Record<string, string> = {
  webchat: "Web chat",
  twilio_sms: "SMS",
  sms: "SMS",
  twilio_whatsapp: "WhatsApp",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  twilio_voice: "Voice",
  webvoice: "Voice",
  voice: "Voice",
  sip_trunk: "Phone",
  console: "Console",
  simulator: "Simulator",
  system: "System",
};

/** A channel type as people call it ("twilio_voice" → "Voice"). */
export const channelLabel = (channel: string): string => LABELS[channel] ?? channel.replaceAll("_", " ");

/** The badge family of a channel, for its colour. */
export function channelFamily(channel: string): string {
  if (isVoice(channel)) return "voice";
  if (channel.includes("whatsapp")) return "whatsapp";
  if (channel.includes("sms")) return "sms";
  return LABELS[channel] === undefined ? "other" : channel;
}

/** Voice channels: calls (hang up, hold music), not chats. */
export const isVoice = (channel: string): boolean => channel.includes("voice") || channel === "sip_trunk";
