import type { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../../http/api-error";
import type { AppEnv } from "../../http/app-env";
import { appWebSockets } from "../../http/ws/app-websockets";
import type { TwilioStreams } from "../../media/streams/twilio-streams";
import type { Channel } from "../channel-config";
import { isChannelOf } from "../channel-driver";
import type { ChannelRuntime } from "../channel-runtime";
import { SecretBoxError } from "../../secrets/secret-box";
import { verifyTwilioSignature } from "../twilio-signature";
import { TWILIO_STREAM_PATH, VoiceUrls } from "./voice-urls";

/**
 * Mounts `GET /media/twilio/:channelId`, the WebSocket Twilio opens for `<Connect><Stream>` (MEDIA.md
 * 4). Refused before the upgrade: an unknown or non-`twilio_voice` channel (404), not an upgrade
 * (426), an X-Twilio-Signature that is not the channel's over the `wss://` URL built from
 * `PUBLIC_URL` (403, never from the Host header). The messages are the media plane's
 * (`runtime/media/streams/`): this route only admits the socket.
 */
export function mountTwilioStreamSocket(app: OpenAPIHono<AppEnv>, channels: ChannelRuntime, streams: TwilioStreams): void {
  const { upgradeWebSocket } = appWebSockets(app);
  app.get(TWILIO_STREAM_PATH, async (c, next) => {
    const channelId = c.req.param("channelId");
    let channel: Channel | undefined;
    try {
      channel = await channels.service.get(channelId);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      return c.json(new ApiError(503, "channel_unreadable", `channel ${channelId}: its credentials cannot be opened with this server's secret key`).body(), 503);
    }
    if (channel === undefined || !isChannelOf(channel, "twilio_voice")) return c.json(new ApiError(404, "channel_not_found", `no twilio_voice channel ${channelId}`).body(), 404);
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return c.json({ error: { code: "upgrade_required", message: "this is a WebSocket endpoint (Twilio Media Streams)" } }, 426);
    const url = new VoiceUrls(channels.context.publicUrl, channel.id).mediaStream();
    const signed = verifyTwilioSignature({ method: "GET", route: "", url, query: new URLSearchParams(), headers: c.req.raw.headers, body: "", bytes: new Uint8Array() }, channel.credentials);
    if (!signed) return c.json(new ApiError(403, "invalid_signature", `X-Twilio-Signature does not match ${url} with this channel's auth token`).body(), 403);
    const admitted = channel;
    const upgrade = upgradeWebSocket(() => {
      let connection: ReturnType<TwilioStreams["open"]> | undefined;
      return {
        onOpen: (_event, ws) => {
          connection = streams.open(admitted.id, { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) });
        },
        onMessage: (event) => connection?.received(typeof event.data === "string" ? event.data : ""),
        onClose: () => connection?.closed(),
      };
    });
    return upgrade(c, next);
  });
}
