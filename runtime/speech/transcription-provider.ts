import { z } from "zod";
import type { AddressPolicy } from "../callbacks/address-policy";
import { baseUrlSchema } from "../provider-endpoint/base-url";
import { providerCheckSchema, runProviderCheck } from "../provider-endpoint/provider-check";
import { ApiKeyInput, nextSealedKey, openSealedKey } from "../provider-endpoint/sealed-key";
import type { SecretBox } from "../secrets/secret-box";
import type { TranscriptionProviderRecord, TranscriptionProvidersRepo } from "../store/transcription-providers-repo";
import { OpenAiTranscriptionEngine } from "./openai-transcription-engine";

const BaseUrl = baseUrlSchema("Where the API lives: requests go to {baseUrl}/audio/transcriptions (e.g. https://api.openai.com/v1, http://whisper.internal:8080/v1)");

/** What an admin sends: the whole settings; `apiKey` omitted keeps the stored key, null removes it. */
export const TranscriptionSettingsInput = z
  .strictObject({
    baseUrl: BaseUrl,
    apiKey: ApiKeyInput.describe("Sent as Authorization: Bearer; stored sealed, never returned. Omit to keep the stored key, null to remove it"),
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

export const TranscriptionCheck = providerCheckSchema("TranscriptionCheck", "What the provider answered: the text heard, or its error", {});
export type TranscriptionCheck = z.infer<typeof TranscriptionCheck>;

/** The authenticated data the key is sealed with: it opens only on this row. */
const context = (id: string) => `transcription-provider:${id}`;

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
    const apiKey = nextSealedKey(this.box, input.apiKey, current?.apiKey, context("default"));
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
    const apiKey = openSealedKey(this.box, record.apiKey, context(record.id));
    return new OpenAiTranscriptionEngine(
      { baseUrl: record.baseUrl, apiKey, model: record.model, language: record.language ?? undefined, timeoutSeconds: record.timeoutSeconds },
      this.policy,
    );
  }

  /** Sends one second of quiet audio and says what the provider answered. Undefined when no provider is set. */
  async check(): Promise<TranscriptionCheck | undefined> {
    const engine = await this.engine();
    if (engine === undefined) return undefined;
    return runProviderCheck(async () => {
      const heard = await engine.transcribe(quietSecond());
      return `answered in ${heard.format}: "${heard.text}"`;
    });
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
