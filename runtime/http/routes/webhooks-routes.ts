import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AnyChannelDriver, WebhookReply, WebhookRequest } from "../../channels/channel-driver";
import type { ChannelRuntime } from "../../channels/channel-runtime";
import { handleHandshake, handleWebhook } from "../../channels/handle-webhook";
import { ApiError } from "../api-error";

/** Providers' webhooks are small; anything bigger is not one. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * `PUBLIC_URL` + path + query: the URL the provider requested and signed. Behind a proxy the Host
 * header is the proxy's, so it is never used.
 */
export function signedUrl(requestUrl: string, publicUrl: string): string {
  const url = new URL(requestUrl);
  return `${publicUrl}${url.pathname}${url.search}`;
}

/**
 * Provider webhooks: `POST /webhooks/<driver path>/:channelId[/:route]` for every driver (e.g.
 * `/webhooks/twilio/voice/:channelId/gather`). Not under /api: providers cannot sign in, they
 * sign their requests instead. Plain Hono routes rather than zod-openapi ones, on purpose: the
 * signature is checked on the raw body before anything reads it, so an unsigned request is 403
 * whatever its shape. Refusals use the API's JSON error body; answers are the driver's (TwiML…).
 */
export function webhooksRoutes(channels: ChannelRuntime): Hono {
  const app = new Hono();
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: () => {
        throw new ApiError(413, "too_large", "a webhook body is at most 1 MB");
      },
    }),
  );

  const readRequest = async (c: Context): Promise<WebhookRequest> => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return {
      method: c.req.method,
      route: c.req.param("route") ?? "",
      url: signedUrl(c.req.url, channels.context.publicUrl),
      query: new URL(c.req.url).searchParams,
      headers: c.req.raw.headers,
      body: new TextDecoder().decode(bytes),
      bytes,
    };
  };
  const answer = (reply: WebhookReply) => new Response(reply.body, { status: reply.status, headers: { "content-type": reply.contentType } });

  const handler = (driver: AnyChannelDriver) => async (c: Context) => {
    const outcome = await handleWebhook(driver, c.req.param("channelId") ?? "", await readRequest(c), channels.context);
    if (!outcome.ok) throw new ApiError(outcome.refusal.status, outcome.refusal.code, outcome.refusal.message);
    return answer(outcome.reply);
  };

  /** GET handshakes (WhatsApp's hub.challenge): the driver answers, or refuses with 403. */
  const handshake = (driver: AnyChannelDriver) => async (c: Context) => {
    const outcome = await handleHandshake(driver, c.req.param("channelId") ?? "", await readRequest(c), channels.context);
    if (!outcome.ok) throw new ApiError(outcome.refusal.status, outcome.refusal.code, outcome.refusal.message);
    return answer(outcome.reply);
  };

  for (const driver of channels.drivers) {
    app.post(`/${driver.webhookPath}/:channelId`, handler(driver));
    app.post(`/${driver.webhookPath}/:channelId/:route`, handler(driver));
    if (driver.handshake !== undefined) app.get(`/${driver.webhookPath}/:channelId`, handshake(driver));
  }
  return app;
}
