import type { Channel, ChannelType } from "./channel-config";
import { type ChannelDriver, type DriverContext, isChannelOf, type Processed, type WebhookReply, type WebhookRequest } from "./channel-driver";
import { SecretBoxError } from "../secrets/secret-box";

/** Why a webhook was refused (answered with the API's JSON error body). Nothing was stored. */
export interface WebhookRefusal {
  status: 400 | 403 | 404 | 503;
  code: string;
  message: string;
}

/** `duplicate`: a provider's retry recognised by the inbound log, answered with the first delivery's reply. */
export type WebhookOutcome = { ok: true; reply: WebhookReply; duplicate?: true } | { ok: false; refusal: WebhookRefusal };

export interface WebhookOptions {
  /** How long a duplicate waits for the first delivery's answer while that one is still being processed (default 12 s). */
  pendingWaitMs?: number;
  /** Poll interval meanwhile (default 50 ms). */
  pollMs?: number;
}

/** The channel with its credentials opened; a refusal when they cannot be (another secret key). */
async function loadChannel(channelId: string, context: DriverContext): Promise<{ ok: true; channel: Channel | undefined } | { ok: false; refusal: WebhookRefusal }> {
  try {
    return { ok: true, channel: await context.channels.get(channelId) };
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    context.log(`channel ${channelId}: ${error.message}`);
    return { ok: false, refusal: { status: 503, code: "channel_unreadable", message: `channel ${channelId}: its credentials cannot be opened with this server's secret key` } };
  }
}

const refuse = (status: WebhookRefusal["status"], code: string, message: string): WebhookOutcome => ({ ok: false, refusal: { status, code, message } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one webhook pipeline every driver goes through:
 *
 * 1. the channel must exist and be of the driver's type (404);
 * 2. `parse` (400: not what the provider sends) and `verify` (403: not signed by it), verify
 *    first for drivers with `verifyFirst`; a refused request stores nothing;
 * 3. a disabled channel gets the driver's `disabled()` answer, nothing stored, no session;
 * 4. the raw event is recorded in the inbound log under its provider event id BEFORE processing;
 *    a duplicate gets the answer stored the first time, unchanged (waiting briefly if the first
 *    delivery is still being processed);
 * 5. `process`; if it throws, the driver's `failed()` answer (logged) — stored like any other so a
 *    retry does not run it twice;
 * 6. the answer is stored with the session it went to, and the channel's status follows: a verified
 *    webhook proves the credentials, so `active` (unless the driver reported a problem).
 */
export async function handleWebhook<T extends ChannelType, P>(
  driver: ChannelDriver<T, P>,
  channelId: string,
  request: WebhookRequest,
  context: DriverContext,
  options: WebhookOptions = {},
): Promise<WebhookOutcome> {
  if (!driver.routes.includes(request.route)) return refuse(404, "not_found", `no ${driver.webhookPath} webhook "${request.route}"`);
  const loaded = await loadChannel(channelId, context);
  if (!loaded.ok) return loaded;
  const { channel } = loaded;
  if (channel === undefined || !isChannelOf(channel, driver.type)) return refuse(404, "channel_not_found", `no ${driver.type} channel ${channelId}`);

  const unsigned = () => refuse(403, "signature_invalid", "the request signature is missing or does not match");
  if (driver.verifyFirst === true && !driver.verify(request, channel)) return unsigned();
  const parsed = driver.parse(request, channel);
  if (!parsed.ok) return refuse(400, "invalid_webhook", parsed.message);
  if (driver.verifyFirst !== true && !driver.verify(request, channel)) return unsigned();
  const { webhook } = parsed;

  if (!channel.enabled) {
    context.log(`${driver.type} ${channel.id}: disabled; answered ${webhook.providerEventId} with the disabled reply`);
    return { ok: true, reply: driver.disabled(request, channel, context) };
  }

  const inbound = { channelType: driver.type, channelId: channel.id, providerEventId: webhook.providerEventId, payload: request.body };
  const recorded = await context.store.inbound.recordInbound(inbound);
  if (!recorded.inserted) {
    const deadline = Date.now() + (options.pendingWaitMs ?? 12_000);
    let seen = recorded.existing;
    while (seen.response === null && Date.now() < deadline) {
      await sleep(options.pollMs ?? 50);
      const again = await context.store.inbound.recordInbound(inbound);
      if (!again.inserted) seen = again.existing;
    }
    if (seen.response === null) return refuse(503, "in_progress", `${webhook.providerEventId} is still being processed`);
    return { ok: true, reply: driver.replay(seen.response), duplicate: true };
  }

  let processed: Processed;
  let status: { status: "active" | "error"; message: string | null } = { status: "active", message: null };
  try {
    processed = await driver.process(webhook, channel, context);
  } catch (error) {
    context.log(`${driver.type} ${channel.id}: processing ${webhook.providerEventId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    processed = { reply: driver.failed(webhook, channel, context) };
    status = { status: "error", message: `processing a webhook failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (processed.problem !== undefined) status = { status: "error", message: processed.problem };
  await context.store.inbound.setResponse(recorded.id, processed.reply.body, processed.sessionId ?? null);
  if (channel.status !== status.status || channel.statusMessage !== status.message) await context.channels.setStatus(channel.id, status.status, status.message);
  return { ok: true, reply: processed.reply };
}

/**
 * A provider's GET handshake (WhatsApp: `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`):
 * 404 for an unknown channel, the driver's answer, or 403 when the driver refuses it. Nothing is
 * stored and the channel's status does not change.
 */
export async function handleHandshake<T extends ChannelType, P>(driver: ChannelDriver<T, P>, channelId: string, request: WebhookRequest, context: DriverContext): Promise<WebhookOutcome> {
  const loaded = await loadChannel(channelId, context);
  if (!loaded.ok) return loaded;
  const { channel } = loaded;
  if (channel === undefined || !isChannelOf(channel, driver.type)) return refuse(404, "channel_not_found", `no ${driver.type} channel ${channelId}`);
  const reply = driver.handshake?.(request, channel);
  if (reply === undefined) return refuse(403, "handshake_refused", "hub.mode must be subscribe and hub.verify_token the channel's verify token");
  return { ok: true, reply };
}
