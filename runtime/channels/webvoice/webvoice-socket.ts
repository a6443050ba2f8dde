import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { appWebSockets } from "../../http/ws/app-websockets";
import type { MediaServices } from "../../media/media-services";
import type { ChannelRuntime } from "../channel-runtime";
import { KeyedRateWindows } from "../webchat/keyed-rate-windows";
import { RateWindow } from "../webchat/rate-window";
import { DEFAULT_WEBCHAT_LIMITS, type WebchatLimits } from "../webchat/webchat-limits";
import { admitWidgetUpgrade } from "../widget-admission";
import { WebvoiceConnection } from "./webvoice-connection";

export const WEBVOICE_SOCKET_PATH = "/ws/webvoice/:channelId";

/** Frames a voice socket may send in any 10 s (a call, a hangup, and room for a page that retries). */
const FRAMES_PER_WINDOW = 20;
const FRAME_WINDOW_MS = 10_000;

/**
 * Mounts `GET /ws/webvoice/:channelId`, the browser voice widget's signalling socket, with web
 * chat's rules: the page's Origin must be in the channel's `allowedOrigins` (403 before the
 * upgrade), a disabled channel closes at once with 4403, and new calls per client address share
 * web chat's new-visitor limit (`WEBCHAT_NEW_VISITORS_*`, `TRUST_PROXY`, loopback not counted
 * unless `WEBCHAT_LIMIT_LOOPBACK`). Media goes over WebRTC to the media process.
 */
export function mountWebvoiceSocket(app: OpenAPIHono<AppEnv>, channels: ChannelRuntime, media: MediaServices, limits: WebchatLimits = DEFAULT_WEBCHAT_LIMITS): void {
  const { upgradeWebSocket } = appWebSockets(app);
  const newCalls = new KeyedRateWindows({ limit: limits.newVisitorsPerIp, windowMs: limits.newVisitorsWindowMs });
  app.get(WEBVOICE_SOCKET_PATH, async (c, next) => {
    const admitted = await admitWidgetUpgrade(c, channels.service, "webvoice", limits);
    if (!admitted.ok) return admitted.response;
    const { channel: allowed, rateKey: address } = admitted;
    const upgrade = upgradeWebSocket(() => {
      let connection: WebvoiceConnection | undefined;
      return {
        onOpen: (_event, ws) => {
          connection = new WebvoiceConnection(
            { id: allowed.id, type: "webvoice", flowId: allowed.flowId },
            {
              calls: media.calls,
              iceServers: (visitor) => media.iceServersFor(`webvoice-${visitor}`),
              admitCall: (at) => (address === undefined ? { ok: true } : newCalls.take(`${allowed.id} ${address}`, at)),
              frames: new RateWindow(FRAMES_PER_WINDOW, FRAME_WINDOW_MS),
              log: channels.context.log,
            },
            { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) },
          );
          connection.opened(allowed.enabled);
        },
        onMessage: (event) => connection?.received(typeof event.data === "string" ? event.data : ""),
        onClose: () => connection?.closed(),
      };
    });
    return upgrade(c, next);
  });
}
