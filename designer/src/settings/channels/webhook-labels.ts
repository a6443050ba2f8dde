import type { ChannelType } from "../../../../runtime/channels/channel-config";
import type { ChannelView } from "./channels-api";

/** What the provider's console calls the field a channel's main URL goes into. */
const MAIN_LABEL: Record<ChannelType, string> = {
  twilio_voice: "A call comes in",
  twilio_messaging: "A message comes in",
  whatsapp_cloud: "Callback URL",
  telegram: "Webhook URL",
  webchat: "Chat URL",
  webvoice: "Voice URL",
  sip_trunk: "SIP URI",
};

/** Keys a driver may give its main URL. */
const MAIN_KEYS = new Set(["voice", "messaging", "message", "messages", "sms", "incoming", "inbound", "callback", "callbackUrl", "webhook", "webhookUrl", "url", "main"]);

/** A `webhookUrls` key as the provider's console names the field (`statusCallback` → "Call status changes"). */
export function webhookLabel(channel: Pick<ChannelView, "type" | "webhookUrls">, key: string): string {
  if (key === "statusCallback") return channel.type === "twilio_voice" ? "Call status changes" : "Status callback URL";
  if (MAIN_KEYS.has(key) || Object.keys(channel.webhookUrls).length === 1) return MAIN_LABEL[channel.type];
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (first) => first.toUpperCase());
}

/**
 * The server's public base URL (`PUBLIC_URL`), read off the channel's URLs (they are built from
 * it); `fallback` (the page's origin) when the channel has none.
 */
export function publicBaseOf(channel: Pick<ChannelView, "webhookUrls">, fallback: string): string {
  for (const url of Object.values(channel.webhookUrls)) {
    const cut = ["/webhooks/", "/ws/", "/widget.js"].map((marker) => url.indexOf(marker)).find((index) => index > 0);
    if (cut !== undefined) return url.slice(0, cut).replace(/^ws(s?):/, "http$1:");
  }
  return fallback;
}

/** Channel types the widget script serves, and the attribute naming the channel: web chat's bubble, browser voice's call button. */
const EMBED_ATTRIBUTE: Partial<Record<ChannelType, string>> = { webchat: "data-channel", webvoice: "data-voice-channel" };

/** Whether a channel is reached through the embedded widget (an embed snippet instead of webhook URLs). */
export function isWidgetChannel(type: ChannelType): boolean {
  return EMBED_ATTRIBUTE[type] !== undefined;
}

/**
 * The widget embed: `<script src="{PUBLIC_URL}/widget.js" data-channel="{id}"></script>` for web
 * chat, `data-voice-channel="{id}"` for browser voice.
 */
export function embedSnippet(channel: Pick<ChannelView, "id" | "type" | "webhookUrls">, fallback: string): string {
  return `<script src="${publicBaseOf(channel, fallback)}/widget.js" ${EMBED_ATTRIBUTE[channel.type] ?? "data-channel"}="${channel.id}"></script>`;
}
