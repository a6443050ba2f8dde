import { z } from "zod";

/** What a provider's Check answered (runtime/provider-endpoint/provider-check.ts). */
export const ProviderCheck = z.object({
  ok: z.boolean(),
  message: z.string(),
  latencyMs: z.number(),
  status: z.number().nullable(),
  /** AI providers: the models it lists (null when it lists none, or Azure). */
  models: z.array(z.string()).nullable().optional(),
});
export type ProviderCheck = z.infer<typeof ProviderCheck>;

export const AI_PROVIDER_KINDS = ["openai", "azure"] as const;
export const AiProviderKind = z.enum(AI_PROVIDER_KINDS);
export type AiProviderKind = z.infer<typeof AiProviderKind>;

/** An AI provider as GET /api/ai/providers answers it (the key never comes back: `apiKeySet`). */
export const AiProvider = z.object({
  id: z.string(),
  name: z.string(),
  kind: AiProviderKind,
  baseUrl: z.string(),
  apiKeySet: z.boolean(),
  defaultModel: z.string(),
  fallbackModel: z.string().nullable(),
  apiVersion: z.string().nullable(),
  timeoutSeconds: z.number(),
  assist: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AiProvider = z.infer<typeof AiProvider>;

/** What the AI provider form sends; `apiKey` undefined keeps the stored key, null removes it. */
export interface AiProviderInput {
  name: string;
  kind: AiProviderKind;
  baseUrl: string;
  apiKey?: string | null;
  defaultModel: string;
  fallbackModel: string | null;
  apiVersion: string | null;
  timeoutSeconds: number;
  /** Used for the console's assist (reply suggestions); at most one provider. */
  assist: boolean;
}

/** The transcription provider (GET /api/speech/transcription). */
export const TranscriptionSettings = z.object({
  baseUrl: z.string(),
  apiKeySet: z.boolean(),
  model: z.string(),
  language: z.string().nullable(),
  timeoutSeconds: z.number(),
  updatedAt: z.string(),
});
export type TranscriptionSettings = z.infer<typeof TranscriptionSettings>;

export interface TranscriptionInput {
  baseUrl: string;
  apiKey?: string | null;
  model: string;
  language: string | null;
  timeoutSeconds: number;
}

const Engine = z.object({ available: z.boolean(), reason: z.string().nullable() });

/** Which recognition engines run on this server (GET /api/speech). */
export const SpeechEngines = z.object({
  pocketsphinx: Engine,
  vad: Engine,
  openaiCompatible: Engine.extend({ model: z.string().nullable() }),
});
export type SpeechEngines = z.infer<typeof SpeechEngines>;
