import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AI_PROVIDER_KINDS } from "../../drizzle/schema";
import type { AddressPolicy } from "../callbacks/address-policy";
import { baseUrlSchema } from "../provider-endpoint/base-url";
import { providerCheckSchema } from "../provider-endpoint/provider-check";
import { ApiKeyInput, nextSealedKey, openSealedKey } from "../provider-endpoint/sealed-key";
import type { SecretBox } from "../secrets/secret-box";
import type { AiProviderRecord, AiProvidersRepo, AiProviderValues } from "../store/ai-providers-repo";
import { AiError } from "./ai-error";
import { ChatClient, DEFAULT_AZURE_API_VERSION, type RetryPolicy } from "./chat-client";

const Model = z.string().trim().min(1).max(200);

/** What an admin sends to create or replace a provider; on PUT `apiKey` omitted keeps the stored key, null removes it. */
export const AiProviderInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).describe("Unique; what ai_agent nodes name"),
    kind: z.enum(AI_PROVIDER_KINDS).describe("openai: any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp); azure: Azure OpenAI"),
    baseUrl: baseUrlSchema(
      "openai: requests go to {baseUrl}/chat/completions (e.g. https://api.openai.com/v1, http://ollama.internal:11434/v1). azure: the resource, https://<name>.openai.azure.com (requests go to {baseUrl}/openai/deployments/{model}/chat/completions)",
    ),
    apiKey: ApiKeyInput.describe("openai: sent as Authorization: Bearer (none sent when unset); azure: the api-key header (required). Stored sealed, never returned. On PUT: omit to keep the stored key, null to remove it"),
    defaultModel: Model.describe("The model asked when a node names none (azure: the deployment name)"),
    fallbackModel: Model.nullable().optional().describe("Asked once when the default model stays rate limited, fails (5xx), times out or is unknown"),
    apiVersion: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, "must look like 2024-10-21 or 2025-01-01-preview")
      .nullable()
      .optional()
      .describe(`azure only: the api-version (default ${DEFAULT_AZURE_API_VERSION})`),
    timeoutSeconds: z.number().int().min(1).max(300).default(30).describe("How long one model turn may take, retries and the fallback included (1–300, default 30)"),
    assist: z.boolean().default(false).describe("Use it for the console's assist: reply suggestions and summaries of closed conversations. At most one provider: choosing one unsets the one before"),
  })
  .meta({ id: "AiProviderInput" });
export type AiProviderInput = z.output<typeof AiProviderInput>;

export const AiProvider = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(AI_PROVIDER_KINDS),
    baseUrl: z.string(),
    apiKeySet: z.boolean().describe("Whether a key is stored (the key itself is never returned)"),
    defaultModel: z.string(),
    fallbackModel: z.string().nullable(),
    apiVersion: z.string().nullable(),
    timeoutSeconds: z.number().int(),
    assist: z.boolean().describe("The provider the console's assist uses"),
    createdAt: z.string().describe("ISO 8601"),
    updatedAt: z.string().describe("ISO 8601"),
  })
  .meta({ id: "AiProvider" });
export type AiProvider = z.infer<typeof AiProvider>;

export const AiProviderCheck = providerCheckSchema("AiProviderCheck", "What the provider answered to a one-token request to the default model (and how many models it lists), or its error", {
  models: z.array(z.string()).nullable().describe("The models the provider lists (GET {baseUrl}/models); null when it lists none or is Azure"),
});
export type AiProviderCheck = z.infer<typeof AiProviderCheck>;

/** Why a provider cannot be saved: the field at fault. */
export class AiProviderRefused extends Error {
  constructor(
    readonly code: "name_taken" | "invalid_request",
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The authenticated data a key is sealed with: it opens only on its own row. */
const context = (id: string) => `ai-provider:${id}`;

/**
 * The AI model providers an admin configures: stored in `ai_providers` with each API key sealed
 * by the server's SecretBox, and the `ChatClient` built from one.
 */
export class AiProviders {
  /**
   * One client per provider while its settings stay the same: its connections are kept alive
   * between turns (a new client per turn cost ~2 ms more per turn against a local server).
   */
  private readonly clients = new Map<string, { settings: string; client: ChatClient }>();

  constructor(
    private readonly repo: AiProvidersRepo,
    private readonly box: SecretBox,
    readonly policy: AddressPolicy,
    private readonly retry?: RetryPolicy,
  ) {}

  async list(): Promise<AiProvider[]> {
    return (await this.repo.list()).map(view);
  }

  async get(id: string): Promise<AiProvider | undefined> {
    const record = await this.repo.get(id);
    return record === undefined ? undefined : view(record);
  }

  /** Creates a provider. Throws `AiProviderRefused` (the name is taken, Azure without a key). */
  async create(input: AiProviderInput): Promise<AiProvider> {
    const id = randomUUID();
    const values = this.values(input, nextSealedKey(this.box, input.apiKey, null, context(id)));
    if ((await this.repo.byName(values.name)) !== undefined) throw nameTaken(values.name);
    const created = await this.repo.create(values, id);
    if (created === undefined) throw nameTaken(values.name);
    return view(created);
  }

  /** Replaces a provider's settings; undefined when there is no such provider. Throws `AiProviderRefused`. */
  async replace(id: string, input: AiProviderInput): Promise<AiProvider | undefined> {
    const current = await this.repo.get(id);
    if (current === undefined) return undefined;
    const values = this.values(input, nextSealedKey(this.box, input.apiKey, current.apiKey, context(id)));
    const holder = await this.repo.byName(values.name);
    if (holder !== undefined && holder.id !== id) throw nameTaken(values.name);
    const updated = await this.repo.update(id, values);
    return updated === undefined ? undefined : view(updated);
  }

  async remove(id: string): Promise<boolean> {
    this.clients.delete(id);
    return this.repo.delete(id);
  }

  /** The assist provider's name and client (reply suggestions, summaries), or undefined when none is chosen. Throws `SecretBoxError` when its key does not open. */
  async assist(): Promise<{ name: string; client: ChatClient } | undefined> {
    const record = await this.repo.assist();
    if (record === undefined) return undefined;
    const client = await this.client(record.id);
    return client === undefined ? undefined : { name: record.name, client };
  }

  /** The client for a provider (by id or name), its key opened; undefined when there is none. Throws `SecretBoxError` when the key does not open. */
  async client(idOrName: string): Promise<ChatClient | undefined> {
    const record = (await this.repo.get(idOrName)) ?? (await this.repo.byName(idOrName));
    if (record === undefined) return undefined;
    const endpoint = {
      kind: record.kind,
      baseUrl: record.baseUrl,
      sealedKey: record.apiKey,
      defaultModel: record.defaultModel,
      fallbackModel: record.fallbackModel ?? undefined,
      apiVersion: record.apiVersion ?? undefined,
      timeoutSeconds: record.timeoutSeconds,
    };
    const settings = JSON.stringify(endpoint);
    const cached = this.clients.get(record.id);
    if (cached !== undefined && cached.settings === settings) return cached.client;
    const { sealedKey, ...rest } = endpoint;
    const client = new ChatClient({ ...rest, apiKey: openSealedKey(this.box, sealedKey, context(record.id)) }, this.policy, this.retry);
    this.clients.set(record.id, { settings, client });
    return client;
  }

  /**
   * A real request: one token from the default model (no fallback), and the models an
   * OpenAI-compatible provider lists. Undefined when there is no such provider.
   */
  async check(id: string): Promise<AiProviderCheck | undefined> {
    const record = await this.repo.get(id);
    if (record === undefined) return undefined;
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      const client = await this.client(id);
      if (client === undefined) return undefined;
      const turn = await client.complete([{ role: "user", content: "Say OK." }], { maxTokens: 1, model: record.defaultModel, fallback: false });
      const models = record.kind === "openai" ? await client.listModels().catch(() => null) : null;
      const listed = models === null ? "" : `; it lists ${models.length} model${models.length === 1 ? "" : "s"}`;
      return { ok: true, message: `${turn.model} answered "${turn.content}" (${turn.finishReason})${listed}`, latencyMs: latency(), status: 200, models };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, message, latencyMs: latency(), status: error instanceof AiError ? (error.status ?? null) : null, models: null };
    }
  }

  private values(input: AiProviderInput, apiKey: string | null): AiProviderValues {
    if (input.kind === "azure" && apiKey === null) throw new AiProviderRefused("invalid_request", "body.apiKey", "an Azure OpenAI provider needs an API key");
    if (input.kind === "openai" && input.apiVersion !== undefined && input.apiVersion !== null) {
      throw new AiProviderRefused("invalid_request", "body.apiVersion", "only Azure OpenAI takes an api-version");
    }
    return {
      name: input.name,
      kind: input.kind,
      baseUrl: input.baseUrl,
      apiKey,
      defaultModel: input.defaultModel,
      fallbackModel: input.fallbackModel ?? null,
      apiVersion: input.kind === "azure" ? (input.apiVersion ?? DEFAULT_AZURE_API_VERSION) : null,
      timeoutSeconds: input.timeoutSeconds,
      assist: input.assist,
    };
  }
}

const nameTaken = (name: string) => new AiProviderRefused("name_taken", "body.name", `a provider named "${name}" already exists`);

const view = (record: AiProviderRecord): AiProvider => ({
  id: record.id,
  name: record.name,
  kind: record.kind,
  baseUrl: record.baseUrl,
  apiKeySet: record.apiKey !== null,
  defaultModel: record.defaultModel,
  fallbackModel: record.fallbackModel,
  apiVersion: record.apiVersion,
  timeoutSeconds: record.timeoutSeconds,
  assist: record.assist,
  createdAt: new Date(record.createdAt).toISOString(),
  updatedAt: new Date(record.updatedAt).toISOString(),
});
