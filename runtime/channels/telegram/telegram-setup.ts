import { z } from "zod";
import type { ChannelOf } from "../channel-config";
import type { ChannelCheck } from "../channel-driver";
import { ProviderApiError } from "../provider-api-error";
import { callBotApi } from "./bot-api";

type TelegramChannel = ChannelOf<"telegram">;

const Me = z.looseObject({ username: z.string().optional(), first_name: z.string().optional() });
const WebhookInfo = z.looseObject({ url: z.string(), last_error_message: z.string().optional() });

/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;

function failure(error: unknown, what: string): ChannelCheck {
  if (error instanceof ProviderApiError && (error.unauthorized || error.status === 404)) {
    return { ok: false, message: `Telegram refused the bot token (HTTP ${error.status}) when calling ${what}: copy it again from @BotFather` };
  }
  if (error instanceof ProviderApiError) return { ok: false, message: error.status === 0 ? `Telegram could not be reached: ${error.body}` : `Telegram answered HTTP ${error.status} to ${what}: ${error.body.slice(0, 200)}` };
  if (error instanceof Error) return { ok: false, message: error.message };
  throw error;
}

/**
 * The "Check": `getMe` (the token works), then `getWebhookInfo` (the webhook points at this
 * channel's URL; a different or empty URL is reported, with "Register webhook" as the fix).
 */
export async function checkTelegramBot(channel: TelegramChannel, webhookUrl: string, baseUrl: string): Promise<ChannelCheck> {
  let bot: string;
  try {
    const me = Me.safeParse(await callBotApi(channel, "getMe", undefined, baseUrl));
    bot = me.success ? (me.data.username === undefined ? (me.data.first_name ?? "the bot") : `@${me.data.username}`) : "the bot";
  } catch (error) {
    return failure(error, "getMe");
  }
  try {
    const info = WebhookInfo.safeParse(await callBotApi(channel, "getWebhookInfo", undefined, baseUrl));
    const url = info.success ? info.data.url : "";
    if (url !== webhookUrl) {
      return { ok: false, message: `${bot} works, but its webhook is ${url === "" ? "not set" : url}, not ${webhookUrl}: use "Register webhook" (POST /api/channels/{id}/set-webhook)` };
    }
    const lastError = info.success ? info.data.last_error_message : undefined;
    return { ok: true, message: `${bot} works and its webhook is ${webhookUrl}${lastError === undefined ? "" : ` (Telegram's last delivery error: ${lastError})`}` };
  } catch (error) {
    // The token works (getMe); a webhook that cannot be read is said, not held against it.
    const why = failure(error, "getWebhookInfo");
    if (error instanceof ProviderApiError && error.unauthorized) return why;
    return { ok: true, message: `${bot} works; its webhook could not be read (${why.message})` };
  }
}

/** `setWebhook` with the channel's webhook URL, its secret token and the updates the driver reads. */
export async function setTelegramWebhook(channel: TelegramChannel, webhookUrl: string, baseUrl: string): Promise<ChannelCheck> {
  try {
    await callBotApi(channel, "setWebhook", { url: webhookUrl, secret_token: channel.credentials.secretToken, allowed_updates: [...ALLOWED_UPDATES] }, baseUrl);
    return { ok: true, message: `webhook registered at ${webhookUrl}: waiting for the first update` };
  } catch (error) {
    return failure(error, "setWebhook");
  }
}
