import { isIP } from "node:net";
import { z } from "zod";
import type { AddressPolicy } from "../callbacks/address-policy";
import type { SecretBox } from "../secrets/secret-box";
import type { TranscriptionProviderRecord, TranscriptionProvidersRepo } from "../store/transcription-providers-repo";
import { OpenAiTranscriptionEngine, TranscriptionError } from "./openai-transcription-engine";

const BaseUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "must be an http or https URL")
  .refine((value) => !URL.canParse(value) || (new URL(value).search === "" && new URL(value).hash === ""), "must have no query or fragment")
  .transform((value) => value.replace(/\/+$/, ""))
  .describe("Where the API lives: requests go to {baseUrl}/audio/transcriptions (e.g. https://api.openai.com/v1, http://whisper.internal:8080/v1)");

/** What an admin sends: the whole settings; `apiKey` omitted keeps the stored key, null removes it. */
export const TranscriptionSettingsInput = z
  .strictObject({
    baseUrl: BaseUrl,
    apiKey: z.string().trim().min(1).max(1000).nullable().optional().describe("Sent as Authorization: Bearer; stored sealed, never returned. Omit to keep the stored key, null to remove it"),
    model: z.string().trim().min(1).max(200).describe("e.g. whisper-1, gpt-4o-transcribe, the model a whisper.cpp or vLLM server serves"),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}$/, "must be an ISO-639-1 code such as en")
      .nullable()
      .optional()
      .describe("Sent as `language` (ISO-639-1); null or omitted: the provider detects it"),
    timeoutSeconds: z.number().int().min(1).max(120).default(15).describe("How long one utterance may take, a 429's wait and retry included (1–120, default 15)"),
  })
  .meta({ id: "TranscriptionSettingsInput" });
export type TranscriptionSettingsInput = z.input<typeof TranscriptionSettingsInput>;

export const TranscriptionSettings = z
  .object({
    baseUrl: z.string(),
    apiKeySet: z.boolean().describe("Whether a key is stored (the key itself is never returned)"),
    model: z.string(),
    language: z.string().nullable(),
    timeoutSeconds: z.number().int(),
    updatedAt: z.string().describe("ISO 8601"),
  })
  .meta({ id: "TranscriptionSettings" });
export type TranscriptionSettings = z.infer<typeof TranscriptionSettings>;

export const TranscriptionCheck = z
  .object({
    ok: z.boolean(),
    message: z.string().describe("What the provider answered: the text heard, or its error"),
    latencyMs: z.number().describe("From sending the audio to the answer"),
    status: z.number().int().nullable().describe("The provider's HTTP status, when it answered"),
  })
  .meta({ id: "TranscriptionCheck" });
export type TranscriptionCheck = z.infer<typeof TranscriptionCheck>;

/** The authenticated data the key is sealed with: it opens only on this row. */
const context = (id: string) => `transcription-provider:${id}`;

/** A base URL whose address the SSRF guard refuses (an IP literal; names are checked when connecting). */
export function refusedAddress(baseUrl: string, policy: AddressPolicy): string | undefined {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, "");
  if (policy.isAllowedHost(host) || isIP(host) === 0 || policy.isAllowedAddress(host)) return undefined;
  return `address ${host} is not allowed (loopback, private and link-local addresses need HTTP_CALLBACK_ALLOWLIST)`;
}

/**
 * The OpenAI-compatible transcription provider's settings: stored in `transcription_providers`
 * with the API key sealed by the server's SecretBox (as channel credentials are), and the engine
 * built from them.
 */
export class TranscriptionProvider {
  constructor(
    private readonly repo: TranscriptionProvidersRepo,
    private readonly box: SecretBox,
    readonly policy: AddressPolicy,
  ) {}

  async settings(): Promise<TranscriptionSettings | undefined> {
    const record = await this.repo.get();
    return record === undefined ? undefined : view(record);
  }

  /** Stores the settings (already validated by `TranscriptionSettingsInput`). */
  async save(input: z.output<typeof TranscriptionSettingsInput>): Promise<TranscriptionSettings> {
    const current = await this.repo.get();
    const apiKey = input.apiKey === undefined ? (current?.apiKey ?? null) : input.apiKey === null ? null : this.box.seal(input.apiKey, context("default"));
    const record = await this.repo.put({ baseUrl: input.baseUrl, apiKey, model: input.model, language: input.language ?? null, timeoutSeconds: input.timeoutSeconds });
    return view(record);
  }

  async remove(): Promise<boolean> {
    return this.repo.delete();
  }

  /** The engine for the stored settings (its key opened); undefined when none are stored. Throws `SecretBoxError` when the key does not open. */
  async engine(): Promise<OpenAiTranscriptionEngine | undefined> {
    const record = await this.repo.get();
    if (record === undefined) return undefined;
    const apiKey = record.apiKey === null ? undefined : this.box.open(record.apiKey, context(record.id));
    return new OpenAiTranscriptionEngine(
      { baseUrl: record.baseUrl, apiKey, model: record.model, language: record.language ?? undefined, timeoutSeconds: record.timeoutSeconds },
      this.policy,
    );
  }

  /** Sends one second of quiet audio and says what the provider answered. Undefined when no provider is set. */
  async check(): Promise<TranscriptionCheck | undefined> {
    const engine = await this.engine();
    if (engine === undefined) return undefined;
    const started = performance.now();
    try {
      const heard = await engine.transcribe(quietSecond());
      return { ok: true, message: `answered in ${heard.format}: "${heard.text}"`, latencyMs: Math.round(performance.now() - started), status: 200 };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, message, latencyMs: Math.round(performance.now() - started), status: error instanceof TranscriptionError ? (error.status ?? null) : null };
    }
  }
}

const view = (record: TranscriptionProviderRecord): TranscriptionSettings => ({
  baseUrl: record.baseUrl,
  apiKeySet: record.apiKey !== null,
  model: record.model,
  language: record.language,
  timeoutSeconds: record.timeoutSeconds,
  updatedAt: new Date(record.updatedAt).toISOString(),
});

/** One second of very quiet noise at 16 kHz (some servers refuse digital silence as "no audio"). */
function quietSecond(): Int16Array {
  let seed = 1;
  return Int16Array.from({ length: 16000 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed % 21) - 10;
  });
}
