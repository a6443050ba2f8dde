import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/test-server";
import { SpeechEngines } from "./speech-engines";
import { TranscriptionCheck, TranscriptionSettings } from "./transcription-provider";
import { TranscriptionStandIn } from "./test-support/transcription-stand-in";

const KEY = "sk-live-very-secret-0123456789";
let server: TestServer;
let standIn: TranscriptionStandIn;
let agentKey: string;
beforeAll(async () => {
  server = await startTestServer({ SEED_EXAMPLES: "0" });
  standIn = await TranscriptionStandIn.start({ apiKey: KEY });
  const issued = await server.api("POST", "/api/api-keys", { name: "agent key", role: "agent" });
  agentKey = (issued.body as { key: string }).key;
});
afterAll(async () => {
  await standIn.close();
  await server.stop();
});

const settings = () => ({ baseUrl: `${standIn.url}/`, apiKey: KEY, model: "whisper-1", language: "en", timeoutSeconds: 5 });

describe("/api/speech/transcription", () => {
  it("is not set at first: 404, and GET /api/speech says the OpenAI-compatible engine is not available", async () => {
    expect((await server.api("GET", "/api/speech/transcription")).body).toMatchObject({ error: { code: "not_configured" } });
    const engines = SpeechEngines.parse((await server.api("GET", "/api/speech")).body);
    expect(engines.openaiCompatible).toMatchObject({ available: false, model: null, reason: expect.stringContaining("PUT /api/speech/transcription") });
  });

  it("stores the settings with the key sealed: answers never carry the key, the row holds no plaintext, and GET /api/speech lists the engine", async () => {
    const put = await server.api("PUT", "/api/speech/transcription", settings());
    expect(put.status).toBe(200);
    expect(TranscriptionSettings.parse(put.body)).toMatchObject({ baseUrl: standIn.url, apiKeySet: true, model: "whisper-1", language: "en", timeoutSeconds: 5 });
    expect(put.text).not.toContain(KEY);
    const get = await server.api("GET", "/api/speech/transcription");
    expect(get.text).not.toContain(KEY);
    expect(get.body).toEqual(put.body);

    const row = await server.store.transcriptionProviders.get();
    expect(row?.apiKey).toMatch(/^v1\./);
    expect(row?.apiKey).not.toContain(KEY);
    expect(JSON.stringify(row)).not.toContain(KEY.slice(8));

    const engines = SpeechEngines.parse((await server.api("GET", "/api/speech")).body);
    expect(engines.openaiCompatible).toEqual({ available: true, reason: null, use: "transcript", model: "whisper-1" });
  });

  it("keeps the stored key when a PUT leaves it out, and removes it on null", async () => {
    await server.api("PUT", "/api/speech/transcription", settings());
    const sealed = (await server.store.transcriptionProviders.get())?.apiKey;
    const { apiKey: _omitted, ...withoutKey } = settings();
    const kept = await server.api("PUT", "/api/speech/transcription", { ...withoutKey, model: "whisper-1", timeoutSeconds: 7 });
    expect(kept.body).toMatchObject({ apiKeySet: true, timeoutSeconds: 7 });
    expect((await server.store.transcriptionProviders.get())?.apiKey).toBe(sealed);
    const cleared = await server.api("PUT", "/api/speech/transcription", { ...withoutKey, apiKey: null });
    expect(cleared.body).toMatchObject({ apiKeySet: false });
    expect((await server.store.transcriptionProviders.get())?.apiKey).toBeNull();
  });

  it("refuses bad input with 400 naming the field, and changes nothing", async () => {
    await server.api("PUT", "/api/speech/transcription", settings());
    const before = await server.store.transcriptionProviders.get();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...settings(), baseUrl: "ftp://example.com/v1" }, "body.baseUrl"],
      [{ ...settings(), baseUrl: "not a url" }, "body.baseUrl"],
      [{ ...settings(), baseUrl: "http://169.254.169.254/v1" }, "body.baseUrl"],
      [{ ...settings(), baseUrl: "http://10.0.0.5:8080/v1" }, "body.baseUrl"],
      [{ ...settings(), model: "" }, "body.model"],
      [{ ...settings(), language: "English" }, "body.language"],
      [{ ...settings(), timeoutSeconds: 0 }, "body.timeoutSeconds"],
      [{ ...settings(), timeoutSeconds: 600 }, "body.timeoutSeconds"],
      [{ ...settings(), extra: true }, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await server.api("PUT", "/api/speech/transcription", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { error: { message: string } }).error.message, JSON.stringify(body)).toContain(field);
    }
    const refused = await server.api("PUT", "/api/speech/transcription", { ...settings(), baseUrl: "http://169.254.169.254/v1" });
    expect(refused.body).toMatchObject({ error: { code: "address_not_allowed", details: { issues: [{ field: "body.baseUrl" }] } } });
    expect(await server.store.transcriptionProviders.get()).toEqual(before);
  });

  it("is for admins only: agents get 403 on every verb, and signed-out callers 401", async () => {
    for (const [method, path] of [
      ["GET", "/api/speech/transcription"],
      ["PUT", "/api/speech/transcription"],
      ["DELETE", "/api/speech/transcription"],
      ["POST", "/api/speech/transcription/check"],
    ] as const) {
      const body = method === "PUT" ? settings() : undefined;
      expect((await server.api(method, path, body, { key: agentKey })).status, `${method} ${path}`).toBe(403);
      expect((await server.api(method, path, body, { key: null })).status, `${method} ${path}`).toBe(401);
    }
    expect((await server.api("GET", "/api/speech", undefined, { key: agentKey })).status).toBe(200);
  });

  it("checks the provider with a real request: the text and latency, or the provider's error", async () => {
    await server.api("PUT", "/api/speech/transcription", settings());
    standIn.plan({ text: "" });
    const ok = TranscriptionCheck.parse((await server.api("POST", "/api/speech/transcription/check")).body);
    expect(ok).toMatchObject({ ok: true, status: 200, message: 'answered in verbose_json: ""' });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    const request = standIn.received.at(-1);
    expect(request?.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.wav).toMatchObject({ sampleRate: 16000, channels: 1, durationSeconds: 1 });

    await server.api("PUT", "/api/speech/transcription", { ...settings(), apiKey: "sk-wrong" });
    const refused = TranscriptionCheck.parse((await server.api("POST", "/api/speech/transcription/check")).body);
    expect(refused).toMatchObject({ ok: false, status: 401, message: "transcription provider answered 401: Incorrect API key provided" });
  });

  it("DELETE removes it: 204, then 404, and the engine is no longer listed", async () => {
    await server.api("PUT", "/api/speech/transcription", settings());
    expect((await server.api("DELETE", "/api/speech/transcription")).status).toBe(204);
    expect((await server.api("DELETE", "/api/speech/transcription")).status).toBe(404);
    expect(await server.store.transcriptionProviders.get()).toBeUndefined();
    expect((await server.api("POST", "/api/speech/transcription/check")).status).toBe(404);
    expect(SpeechEngines.parse((await server.api("GET", "/api/speech")).body).openaiCompatible.available).toBe(false);
    const doc = (await server.api("GET", "/api/openapi.json")).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/speech/transcription", "/api/speech/transcription/check"]));
  });
});
