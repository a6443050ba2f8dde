import { z } from "zod";
import type { ChannelOf } from "../channel-config";
import { providerRequest } from "../provider-api-error";

type TelegramChannel = ChannelOf<"telegram">;

/** Bot API answers `{ok: true, result}`. */
const BotAnswer = z.looseObject({ ok: z.boolean(), result: z.unknown().optional(), description: z.string().optional() });

/**
 * Calls a Bot API method: `POST {TELEGRAM_API_BASE_URL}/bot<token>/<method>` with a JSON body.
 * Answers `result`; an HTTP error throws `ProviderApiError`, `{ok: false}` an Error.
 */
export async function callBotApi(channel: TelegramChannel, method: string, body: Record<string, unknown> | undefined, baseUrl: string): Promise<unknown> {
  const text = await providerRequest("Telegram", {
    method: "POST",
    url: `${baseUrl}/bot${channel.credentials.botToken}/${method}`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  const answer = BotAnswer.safeParse(JSON.parse(text));
  if (!answer.success || !answer.data.ok) throw new Error(`Telegram ${method} failed: ${answer.success ? (answer.data.description ?? "ok: false") : "not a Bot API answer"}`);
  return answer.data.result;
}
