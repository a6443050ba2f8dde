import type { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../../http/api-error";
import type { AppEnv } from "../../http/app-env";
import { appWebSockets } from "../../http/ws/app-websockets";
import { type Channel, type ChannelOf } from "../channel-config";
import { isChannelOf } from "../channel-driver";
import type { ChannelRuntime } from "../channel-runtime";
import { SecretBoxError } from "../secret-box";
import { type ConnectionOptions, WebchatConnection } from "./webchat-connection";
import { WebchatDriver } from "./webchat-driver";

export const WEBCHAT_SOCKET_PATH = "/ws/webchat/:channelId";

type Refusal = { status: 403 | 404 | 426 | 503; code: string; message: string };

/** May this upgrade open a socket on the channel? The Origin header must be one the channel allows. */
function admit(channel: Channel | undefined, channelId: string, origin: string | undefined, upgrade: string | undefined): { ok: true; channel: ChannelOf<"webchat"> } | { ok: false; refusal: Refusal } {
  if (channel === undefined || !isChannelOf(channel, "webchat")) return { ok: false, refusal: { status: 404, code: "channel_not_found", message: `no webchat channel ${channelId}` } };
  if (origin === undefined || !channel.settings.allowedOrigins.includes(origin)) {
    return { ok: false, refusal: { status: 403, code: "origin_not_allowed", message: `the page's origin ${origin ?? "(none)"} is not in the channel's allowedOrigins` } };
  }
  if (upgrade?.toLowerCase() !== "websocket") return { ok: false, refusal: { status: 426, code: "upgrade_required", message: "this is a WebSocket endpoint" } };
  return { ok: true, channel };
}

/**
 * Mounts `GET /ws/webchat/:channelId` (WebSocket upgrade) for the widget: unknown channel 404,
 * an Origin not in `settings.allowedOrigins` 403 (both before the upgrade, so a browser's socket
 * fails to open); a disabled channel accepts the upgrade and closes at once with 4403 and a
 * reason the widget shows. Before the app's catch-all routes.
 */
export function mountWebchatSocket(app: OpenAPIHono<AppEnv>, channels: ChannelRuntime, options: ConnectionOptions = {}): void {
  const driver = channels.drivers.find((candidate) => candidate instanceof WebchatDriver);
  if (!(driver instanceof WebchatDriver)) return;
  const { conversations } = driver;
  const { upgradeWebSocket } = appWebSockets(app);
  app.get(WEBCHAT_SOCKET_PATH, async (c, next) => {
    const channelId = c.req.param("channelId");
    let channel: Channel | undefined;
    try {
      channel = await channels.service.get(channelId);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      const unreadable = new ApiError(503, "channel_unreadable", `channel ${channelId}: its settings cannot be opened with this server's secret key`);
      return c.json(unreadable.body(), 503);
    }
    const admitted = admit(channel, channelId, c.req.header("origin"), c.req.header("upgrade"));
    if (!admitted.ok) {
      const { status, code, message } = admitted.refusal;
      return c.json({ error: { code, message } }, status);
    }
    const allowed = admitted.channel;
    const upgrade = upgradeWebSocket(() => {
      let connection: WebchatConnection | undefined;
      return {
        onOpen: (_event, ws) => {
          connection = new WebchatConnection(allowed.id, conversations, channels.context, { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) }, options);
          connection.opened(allowed.enabled);
        },
        onMessage: (event) => connection?.received(typeof event.data === "string" ? event.data : ""),
        onClose: () => connection?.closed(),
      };
    });
    return upgrade(c, next);
  });
}
