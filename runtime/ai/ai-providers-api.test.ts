import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestServer, type TestServer } from "../test-support/test-server";
import { AiProvider, AiProviderCheck } from "./ai-providers";
import { ChatStandIn } from "./test-support/chat-stand-in";

const KEY = "sk-ai-very-secret-0123456789";
let server: TestServer;
let standIn: ChatStandIn;
let agentKey: string;
beforeAll(async () => {
  server = await startTestServer({ SEED_EXAMPLES: "0" });
  standIn = await ChatStandIn.start({ apiKey: KEY });
  const issued = await server.api("POST", "/api/api-keys", { name: "agent key", role: "agent" });
  agentKey = z.object({ key: z.string() }).parse(issued.body).key;
});
afterAll(async () => {
  await standIn.close();
  await server.stop();
});
afterEach(async () => {
  standIn.reset();
  for (const provider of z.array(AiProvider).parse((await server.api("GET", "/api/ai/providers")).body)) await server.api("DELETE", `/api/ai/providers/${provider.id}`);
});

const settings = (overrides: Record<string, unknown> = {}) => ({ name: "Local vLLM", kind: "openai", baseUrl: `${standIn.url}/`, apiKey: KEY, defaultModel: "test-model", fallbackModel: "fallback-model", timeoutSeconds: 5, ...overrides });
const create = async (overrides: Record<string, unknown> = {}) => {
  const res = await server.api("POST", "/api/ai/providers", settings(overrides));
  expect(res.status, res.text).toBe(201);
  return AiProvider.parse(res.body);
};

describe("/api/ai/providers", () => {
  it("stores a provider with its key sealed: answers never carry the key and the row holds no plaintext", async () => {
    expect((await server.api("GET", "/api/ai/providers")).body).toEqual([]);
    const post = await server.api("POST", "/api/ai/providers", settings());
    expect(post.status).toBe(201);
    const created = AiProvider.parse(post.body);
    expect(created).toMatchObject({ name: "Local vLLM", kind: "openai", baseUrl: standIn.url, apiKeySet: true, defaultModel: "test-model", fallbackModel: "fallback-model", apiVersion: null, timeoutSeconds: 5 });
    expect(post.text).not.toContain(KEY);
    const list = await server.api("GET", "/api/ai/providers");
    expect(list.text).not.toContain(KEY);
    expect(list.body).toEqual([created]);
    expect((await server.api("GET", `/api/ai/providers/${created.id}`)).body).toEqual(created);

    const row = await server.store.aiProviders.get(created.id);
    expect(row?.apiKey).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(KEY.slice(8));

    const azure = await create({ name: "Azure", kind: "azure", baseUrl: standIn.origin, fallbackModel: null });
    expect(azure).toMatchObject({ kind: "azure", apiVersion: "2024-10-21", apiKeySet: true });
    expect(z.array(AiProvider).parse((await server.api("GET", "/api/ai/providers")).body).map((provider) => provider.name)).toEqual(["Azure", "Local vLLM"]);
  });

  it("keeps the stored key when a PUT leaves it out, removes it on null, and refuses a name another provider has", async () => {
    const first = await create();
    const sealed = (await server.store.aiProviders.get(first.id))?.apiKey;
    const { apiKey: _omitted, ...withoutKey } = settings();
    const kept = await server.api("PUT", `/api/ai/providers/${first.id}`, { ...withoutKey, timeoutSeconds: 9 });
    expect(kept.body).toMatchObject({ apiKeySet: true, timeoutSeconds: 9 });
    expect((await server.store.aiProviders.get(first.id))?.apiKey).toBe(sealed);
    const cleared = await server.api("PUT", `/api/ai/providers/${first.id}`, { ...withoutKey, apiKey: null });
    expect(cleared.body).toMatchObject({ apiKeySet: false });
    expect((await server.store.aiProviders.get(first.id))?.apiKey).toBeNull();

    const second = await create({ name: "Ollama" });
    const before = await server.store.aiProviders.get(second.id);
    const renamed = await server.api("PUT", `/api/ai/providers/${second.id}`, settings({ name: "Local vLLM" }));
    expect(renamed.status).toBe(409);
    expect(renamed.body).toMatchObject({ error: { code: "name_taken", details: { issues: [{ field: "body.name" }] } } });
    expect(await server.store.aiProviders.get(second.id)).toEqual(before);
    expect((await server.api("POST", "/api/ai/providers", settings())).status).toBe(409);
    expect((await server.api("PUT", "/api/ai/providers/no-such-id", settings({ name: "Other" }))).status).toBe(404);
  });

  it("refuses bad input with 400 naming the field, and stores nothing", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [settings({ baseUrl: "ftp://example.com/v1" }), "body.baseUrl"],
      [settings({ baseUrl: "not a url" }), "body.baseUrl"],
      [settings({ baseUrl: "http://169.254.169.254/v1" }), "body.baseUrl"],
      [settings({ baseUrl: "http://10.0.0.5:8080/v1" }), "body.baseUrl"],
      [settings({ kind: "anthropic" }), "body.kind"],
      [settings({ name: "" }), "body.name"],
      [settings({ defaultModel: "" }), "body.defaultModel"],
      [settings({ timeoutSeconds: 0 }), "body.timeoutSeconds"],
      [settings({ timeoutSeconds: 1000 }), "body.timeoutSeconds"],
      [settings({ kind: "azure", apiKey: null }), "body.apiKey"],
      [settings({ apiVersion: "2024-10-21" }), "body.apiVersion"],
      [settings({ kind: "azure", apiVersion: "latest" }), "body.apiVersion"],
      [settings({ extra: true }), "body"],
    ];
    for (const [body, field] of cases) {
      const res = await server.api("POST", "/api/ai/providers", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(z.object({ error: z.object({ message: z.string() }) }).parse(res.body).error.message, JSON.stringify(body)).toContain(field);
    }
    const refused = await server.api("POST", "/api/ai/providers", settings({ baseUrl: "http://169.254.169.254/v1" }));
    expect(refused.body).toMatchObject({ error: { code: "address_not_allowed", details: { issues: [{ field: "body.baseUrl" }] } } });
    expect(await server.store.aiProviders.list()).toEqual([]);
  });

  it("is for admins only: agents get 403 on every verb, and signed-out callers 401", async () => {
    const provider = await create();
    for (const [method, path] of [
      ["GET", "/api/ai/providers"],
      ["POST", "/api/ai/providers"],
      ["GET", `/api/ai/providers/${provider.id}`],
      ["PUT", `/api/ai/providers/${provider.id}`],
      ["DELETE", `/api/ai/providers/${provider.id}`],
      ["POST", `/api/ai/providers/${provider.id}/check`],
    ] as const) {
      const body = method === "PUT" || (method === "POST" && !path.endsWith("/check")) ? settings({ name: "Another" }) : undefined;
      expect((await server.api(method, path, body, { key: agentKey })).status, `${method} ${path}`).toBe(403);
      expect((await server.api(method, path, body, { key: null })).status, `${method} ${path}`).toBe(401);
    }
    expect(await server.store.aiProviders.list()).toHaveLength(1);
  });

  it("checks a provider with a real one-token request (and lists its models), or reports its error", async () => {
    const provider = await create();
    standIn.plan({ text: "OK" });
    const ok = AiProviderCheck.parse((await server.api("POST", `/api/ai/providers/${provider.id}/check`)).body);
    expect(ok).toMatchObject({ ok: true, status: 200, message: 'test-model answered "OK" (stop); it lists 2 models', models: ["test-model", "fallback-model"] });
    expect(standIn.chats.at(-1)).toMatchObject({ authorization: `Bearer ${KEY}`, body: { model: "test-model", max_tokens: 1 } });

    await server.api("PUT", `/api/ai/providers/${provider.id}`, settings({ apiKey: "sk-wrong" }));
    const refused = AiProviderCheck.parse((await server.api("POST", `/api/ai/providers/${provider.id}/check`)).body);
    expect(refused).toMatchObject({ ok: false, status: 401, message: "AI provider answered 401: Incorrect API key provided", models: null });

    // The check asks the default model only: a 429 is reported, not hidden by the fallback.
    await server.api("PUT", `/api/ai/providers/${provider.id}`, settings());
    standIn.plan({ status: 429, message: "quota exceeded", retryAfter: "60" });
    expect(AiProviderCheck.parse((await server.api("POST", `/api/ai/providers/${provider.id}/check`)).body)).toMatchObject({ ok: false, status: 429 });

    const azure = await create({ name: "Azure", kind: "azure", baseUrl: standIn.origin, fallbackModel: null });
    standIn.plan({ text: "OK" });
    expect(AiProviderCheck.parse((await server.api("POST", `/api/ai/providers/${azure.id}/check`)).body)).toMatchObject({ ok: true, models: null });
    expect(standIn.chats.at(-1)).toMatchObject({ path: "/openai/deployments/test-model/chat/completions", apiKey: KEY, apiVersion: "2024-10-21" });
  });

  it("seals each key for its own row: a sealed key copied to another provider does not open there", async () => {
    const first = await create();
    const second = await create({ name: "Copy", apiKey: "sk-other" });
    const sealed = (await server.store.aiProviders.get(first.id))?.apiKey ?? null;
    const row = await server.store.aiProviders.get(second.id);
    if (row === undefined) throw new Error("no row");
    const { id: _id, createdAt: _created, updatedAt: _updated, ...values } = row;
    await server.store.aiProviders.update(second.id, { ...values, apiKey: sealed });
    const sent = standIn.chats.length;
    const checked = AiProviderCheck.parse((await server.api("POST", `/api/ai/providers/${second.id}/check`)).body);
    expect(checked).toMatchObject({ ok: false, status: null, message: expect.stringContaining("does not open") });
    expect(standIn.chats).toHaveLength(sent);
  });

  it("DELETE removes it: 204, then 404, and the routes are in the OpenAPI document", async () => {
    const provider = await create();
    expect((await server.api("DELETE", `/api/ai/providers/${provider.id}`)).status).toBe(204);
    expect((await server.api("DELETE", `/api/ai/providers/${provider.id}`)).status).toBe(404);
    expect((await server.api("GET", `/api/ai/providers/${provider.id}`)).body).toMatchObject({ error: { code: "not_found" } });
    expect((await server.api("POST", `/api/ai/providers/${provider.id}/check`)).status).toBe(404);
    expect(await server.store.aiProviders.get(provider.id)).toBeUndefined();
    const doc = z.object({ paths: z.record(z.string(), z.unknown()) }).parse((await server.api("GET", "/api/openapi.json")).body);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/ai/providers", "/api/ai/providers/{id}", "/api/ai/providers/{id}/check"]));
  });
});

describe("flows naming AI providers", () => {
  it("POST /api/flows/validate knows the providers, by name or id: ai_provider_missing for another", async () => {
    const provider = await create({ name: "local" });
    const flow = (name: string) => ({
      schemaVersion: 1,
      id: "leads",
      name: "Leads",
      entry: "agent",
      settings: { channels: ["chat"] },
      nodes: [{ id: "agent", type: "ai_agent", position: { x: 0, y: 0 }, data: { provider: name, instructions: "Qualify the lead." } }],
      edges: [],
    });
    const codes = async (name: string) => {
      const res = await server.api("POST", "/api/flows/validate", flow(name));
      return z.object({ diagnostics: z.array(z.object({ code: z.string(), path: z.string().optional() })) }).parse(res.body).diagnostics;
    };
    expect(await codes("openai")).toContainEqual({ code: "ai_provider_missing", path: "/nodes/0/data/provider" });
    expect((await codes("local")).map((d) => d.code)).not.toContain("ai_provider_missing");
    expect((await codes(provider.id)).map((d) => d.code)).not.toContain("ai_provider_missing");
  });
});

