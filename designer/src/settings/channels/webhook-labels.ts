import type { ChannelView } from "./channels-api";

/** What the provider's console calls the field each URL goes into (by `webhookUrls` key). */
const LABELS: Record<string, string> = {
  voice: "A call comes in",
  statusCallback: "Call status changes",
  messaging: "A message comes in",
  message: "A message comes in",
  sms: "A message comes in",
  incoming: "A message comes in",
  callback: "Callback URL",
  callbackUrl: "Callback URL",
  webhook: "Webhook URL",
};

/** A `webhookUrls` key as the provider's console names the field (`statusCallback` → "Call status changes"). */
export function webhookLabel(channel: ChannelView, key: string): string {
  if (channel.type !== "twilio_voice" && key === "statusCallback") return "Status callback URL";
  return LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (first) => first.toUpperCase());
}

/**
 * The server's public base URL (`PUBLIC_URL`), read off the channel's URLs (they are built from
 * it); the page's own origin when the channel has none.
 */
export function publicBaseOf(channel: ChannelView): string {
  for (const url of Object.values(channel.webhookUrls)) {
    const cut = ["/webhooks/", "/ws/", "/widget.js"].map((marker) => url.indexOf(marker)).find((index) => index > 0);
    if (cut !== undefined) return url.slice(0, cut).replace(/^ws(s?):/, "http$1:");
  }
  return window.location.origin;
}

/** The web chat embed: `<script src="{PUBLIC_URL}/widget.js" data-channel="{id}"></script>`. */
export function embedSnippet(channel: ChannelView): string {
  return `<script src="${publicBaseOf(channel)}/widget.js" data-channel="${channel.id}"></script>`;
}
