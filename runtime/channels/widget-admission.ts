import type { Context } from "hono";
import { ApiError } from "../http/api-error";
import { clientAddressOf, isLoopback, rateKey } from "../http/client-address";
import type { Channel, ChannelOf } from "./channel-config";
import { isChannelOf } from "./channel-driver";
import type { ChannelService } from "./channel-service";
import { SecretBoxError } from "../secrets/secret-box";

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

/**
 * A widget socket's upgrade request (`/ws/<type>/:channelId`), read once for both widgets: its
 * channel (503 when the server cannot open its settings), admitted by `admitWidgetSocket`, and the
 * client's rate-limit key — the socket's peer or X-Forwarded-For through `trustProxy` proxies;
 * undefined for loopback peers unless `limitLoopback` (see README: WEBCHAT_LIMIT_LOOPBACK).
 */
export async function admitWidgetUpgrade<T extends WidgetType>(
  c: Context,
  service: Pick<ChannelService, "get">,
  type: T,
  limits: { trustProxy: number; limitLoopback: boolean },
): Promise<{ ok: true; channel: ChannelOf<T>; rateKey: string | undefined } | { ok: false; response: Response }> {
  const channelId = c.req.param("channelId") ?? "";
  let channel: Channel | undefined;
  try {
    channel = await service.get(channelId);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    return { ok: false, response: c.json(new ApiError(503, "channel_unreadable", `channel ${channelId}: its settings cannot be opened with this server's secret key`).body(), 503) };
  }
  const admitted = admitWidgetSocket(type, channel, channelId, c.req.header("origin"), c.req.header("upgrade"));
  if (!admitted.ok) {
    const { status, code, message } = admitted.refusal;
    return { ok: false, response: c.json({ error: { code, message } }, status) };
  }
  const client = clientAddressOf(c, limits.trustProxy);
  return { ok: true, channel: admitted.channel, rateKey: limits.limitLoopback || !isLoopback(client) ? rateKey(client) : undefined };
}

function allowedOrigins(channel: Channel): readonly string[] {
  return channel.type === "webchat" || channel.type === "webvoice" ? channel.settings.allowedOrigins : [];
}
