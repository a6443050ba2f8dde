import { Hono, type Context } from "hono";
import type { AnyChannelDriver, WebhookReply, WebhookRequest } from "../../channels/channel-driver";
import type { ChannelRuntime } from "../../channels/channel-runtime";
import { handleHandshake, handleWebhook, type WebhookOutcome } from "../../channels/handle-webhook";
import { ApiError } from "../api-error";
import { readWebhookBody } from "./webhook-body";

/** Providers' webhooks are small; anything bigger is not one. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Provider webhooks: `POST /webhooks/<driver path>/:channelId[/:route]` for every driver (e.g.
 * `/webhooks/twilio/voice/:channelId/gather`). Not under /api: providers cannot sign in, they
 * sign their requests instead. Plain Hono routes rather than zod-openapi ones, on purpose: the
 * signature is checked on the raw body before anything reads it, so an unsigned request is 403
 * whatever its shape. Refusals use the API's JSON error body; answers are the driver's (TwiML…).
 */
/** What became of one webhook delivery (counted by `/metrics`). */
export type WebhookCounter = (channelType: string, outcome: "accepted" | "duplicate" | "refused") => void;

export function webhooksRoutes(channels: ChannelRuntime, count: WebhookCounter = () => undefined): Hono {
  const app = new Hono();
  const utf8 = new TextDecoder();

  const readRequest = async (c: Context): Promise<WebhookRequest> => {
    const { headers, bytes } = await readWebhookBody(c, MAX_WEBHOOK_BYTES);
    const url = new URL(c.req.url);
    return {
      // PUBLIC_URL + path + query: the URL the provider requested and signed. Behind a proxy the
      // Host header is the proxy's, so it is never used.
      method: c.req.method,
      route: c.req.param("route") ?? "",
      url: `${channels.context.publicUrl}${url.pathname}${url.search}`,
      query: url.searchParams,
      headers,
      body: utf8.decode(bytes),
      bytes,
    };
  };
  const answer = (reply: WebhookReply) => new Response(reply.body, { status: reply.status, headers: { "content-type": reply.contentType } });

  const handler = (driver: AnyChannelDriver) => async (c: Context) => {
    let outcome: WebhookOutcome;
    try {
      outcome = await handleWebhook(driver, c.req.param("channelId") ?? "", await readRequest(c), channels.context);
    } catch (error) {
      if (error instanceof ApiError) count(driver.type, "refused"); // too large, unreadable body
      throw error;
    }
    if (!outcome.ok) {
      count(driver.type, "refused");
      throw new ApiError(outcome.refusal.status, outcome.refusal.code, outcome.refusal.message);
    }
    count(driver.type, outcome.duplicate === true ? "duplicate" : "accepted");
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
