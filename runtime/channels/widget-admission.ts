import type { Channel, ChannelOf } from "./channel-config";
import { isChannelOf } from "./channel-driver";

export type WidgetRefusal = { status: 403 | 404 | 426; code: string; message: string };

/** The widget types whose sockets a page opens: the page's Origin must be one the channel allows. */
type WidgetType = "webchat" | "webvoice";

/**
 * May this upgrade open a widget socket on the channel? Unknown channel (or another type) 404,
 * an Origin not in `settings.allowedOrigins` 403, not a WebSocket upgrade 426: all answered
 * before the upgrade, so a browser's socket fails to open.
 */
export function admitWidgetSocket<T extends WidgetType>(
  type: T,
  channel: Channel | undefined,
  channelId: string,
  origin: string | undefined,
  upgrade: string | undefined,
): { ok: true; channel: ChannelOf<T> } | { ok: false; refusal: WidgetRefusal } {
  if (channel === undefined || !isChannelOf(channel, type)) return { ok: false, refusal: { status: 404, code: "channel_not_found", message: `no ${type} channel ${channelId}` } };
  if (origin === undefined || !allowedOrigins(channel).includes(origin)) {
    return { ok: false, refusal: { status: 403, code: "origin_not_allowed", message: `the page's origin ${origin ?? "(none)"} is not in the channel's allowedOrigins` } };
  }
  if (upgrade?.toLowerCase() !== "websocket") return { ok: false, refusal: { status: 426, code: "upgrade_required", message: "this is a WebSocket endpoint" } };
  return { ok: true, channel };
}

function allowedOrigins(channel: Channel): readonly string[] {
  return channel.type === "webchat" || channel.type === "webvoice" ? channel.settings.allowedOrigins : [];
}
