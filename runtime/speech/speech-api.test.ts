import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/test-server";
import { DEBIAN_POCKETSPHINX, pocketsphinxStatus } from "./pocketsphinx-engine";
import { SpeechEngines } from "./speech-engines";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEED_EXAMPLES: "0" });
});
afterAll(async () => {
  await server.stop();
});

describe("GET /api/speech", () => {
  it("says which engines run here, as the OpenAPI document describes them", async () => {
    const res = await server.api("GET", "/api/speech");
    expect(res.status).toBe(200);
    const engines = SpeechEngines.parse(res.body);
    expect(engines.vad).toEqual({ available: true, reason: null, model: "silero-vad-v4" });
    expect(engines.pocketsphinx.available).toBe(pocketsphinxStatus().available);
    const doc = (await server.api("GET", "/api/openapi.json")).body as { paths: Record<string, unknown> };
    expect(doc.paths["/api/speech"]).toBeDefined();
  });

  it("needs a signed-in user or an API key", async () => {
    const res = await fetch(`${server.url}/api/speech`);
    expect(res.status).toBe(401);
  });
});

describe("pocketsphinx missing", () => {
  it("is reported with the Debian packages to install", () => {
    expect(pocketsphinxStatus({ ...DEBIAN_POCKETSPHINX, command: "/nonexistent/pocketsphinx_continuous" })).toEqual({
      available: false,
      reason: "pocketsphinx is not installed (/nonexistent/pocketsphinx_continuous is missing): apt-get install pocketsphinx pocketsphinx-en-us",
    });
    expect(pocketsphinxStatus({ ...DEBIAN_POCKETSPHINX, model: "/nonexistent/en-us" }).reason).toContain("apt-get install pocketsphinx-en-us");
  });
});
