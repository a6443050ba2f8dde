import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { appWebSockets } from "../../http/ws/app-websockets";
import type { ChannelRuntime } from "../channel-runtime";
import { admitWidgetUpgrade } from "../widget-admission";
import { KeyedRateWindows } from "./keyed-rate-windows";
import { RateWindow } from "./rate-window";
import { WebchatConnection } from "./webchat-connection";
import { WebchatDriver } from "./webchat-driver";
import { DEFAULT_WEBCHAT_LIMITS, type WebchatLimits } from "./webchat-limits";

export const WEBCHAT_SOCKET_PATH = "/ws/webchat/:channelId";

export interface WebchatSocketOptions {
  /** New visitors per address, messages per socket, trusted proxies (default `DEFAULT_WEBCHAT_LIMITS`). */
  limits?: WebchatLimits;
  /** Without a `hello` within this, the socket is closed (default 10 s). */
  helloTimeoutMs?: number;
  now?: () => number;
}

/**
 * Mounts `GET /ws/webchat/:channelId` (WebSocket upgrade) for the widget: unknown channel 404,
 * an Origin not in `settings.allowedOrigins` 403 (both before the upgrade, so a browser's socket
 * fails to open); a disabled channel accepts the upgrade and closes at once with 4403 and a
 * reason the widget shows. Before the app's catch-all routes. The client's address (the socket's
 * peer, or X-Forwarded-For through `limits.trustProxy` proxies) is read here for the new-visitor
 * limit: one window per channel and address, shared by this app's sockets.
 */
export function mountWebchatSocket(app: OpenAPIHono<AppEnv>, channels: ChannelRuntime, options: WebchatSocketOptions = {}): void {
  const driver = channels.drivers.find((candidate) => candidate instanceof WebchatDriver);
  if (!(driver instanceof WebchatDriver)) return;
  const { conversations } = driver;
  const { upgradeWebSocket } = appWebSockets(app);
  const limits = options.limits ?? DEFAULT_WEBCHAT_LIMITS;
  const newVisitors = new KeyedRateWindows({ limit: limits.newVisitorsPerIp, windowMs: limits.newVisitorsWindowMs });
  const now = options.now ?? Date.now;
  app.get(WEBCHAT_SOCKET_PATH, async (c, next) => {
    const admitted = await admitWidgetUpgrade(c, channels.service, "webchat", limits);
    if (!admitted.ok) return admitted.response;
    const { channel: allowed, rateKey: address } = admitted;
    const upgrade = upgradeWebSocket(() => {
      let connection: WebchatConnection | undefined;
      return {
        onOpen: (_event, ws) => {
          const socket = { send: (text: string) => ws.send(text), close: (code: number, reason: string) => ws.close(code, reason) };
          connection = new WebchatConnection(allowed.id, conversations, channels.context, socket, {
            ...(options.helloTimeoutMs === undefined ? {} : { helloTimeoutMs: options.helloTimeoutMs }),
            admitNewVisitor: (at) => (address === undefined ? { ok: true } : newVisitors.take(`${allowed.id} ${address}`, at)),
            messages: new RateWindow(limits.messagesPerSocket, limits.messagesWindowMs),
            now,
          });
          connection.opened(allowed.enabled);
        },
        onMessage: (event) => connection?.received(typeof event.data === "string" ? event.data : ""),
        onClose: () => connection?.closed(),
      };
    });
    return upgrade(c, next);
  });
}
