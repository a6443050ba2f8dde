import type { MediaCalls } from "../../media/calls/media-calls";
import type { ChannelCheck, ChannelDriver } from "../channel-driver";
import type { ChannelOf } from "../channel-config";
import { MEDIA_PLANE_CAPABILITIES, MediaPlaneDriver } from "../media-plane-driver";

export const WEBVOICE_CAPABILITIES = MEDIA_PLANE_CAPABILITIES;

type WebvoiceChannel = ChannelOf<"webvoice">;

/** The signalling socket for a public base URL: http → ws, https → wss. */
export function webvoiceSocketUrl(publicUrl: string, channelId: string): string {
  return `${publicUrl.replace(/^http/, "ws")}/ws/webvoice/${encodeURIComponent(channelId)}`;
}

/**
 * The browser voice channel: calls from the widget's Call button run the channel's flow on the
 * media plane. No webhooks: the widget signals over `/ws/webvoice/:channelId`
 * (`webvoice-socket.ts`) and `MediaCalls` runs the call (`MediaPlaneDriver`).
 */
export class WebvoiceDriver extends MediaPlaneDriver implements ChannelDriver<"webvoice", never> {
  readonly type = "webvoice";
  readonly webhookPath = "webvoice";

  constructor(calls: MediaCalls | undefined) {
    super(calls, "browser voice", "the widget connects to /ws/webvoice/:channelId");
  }

  webhookUrls(channel: WebvoiceChannel, publicUrl: string): Record<string, string> {
    return { widget: `${publicUrl}/widget.js`, socket: webvoiceSocketUrl(publicUrl, channel.id) };
  }

  async check(channel: WebvoiceChannel): Promise<ChannelCheck> {
    const origins = channel.settings.allowedOrigins;
    if (origins.length === 0) return { ok: false, message: "List at least one origin allowed to embed the widget (settings.allowedOrigins)." };
    if (this.calls === undefined) return { ok: false, message: "The media plane is not running on this server." };
    return { ok: true, message: `No provider to call: embed the widget with data-voice-channel on a page of ${origins.join(", ")}.` };
  }
}
