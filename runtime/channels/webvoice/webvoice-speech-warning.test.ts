import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { withNodeData } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { requirePocketsphinx } from "../../speech/test-support/require-pocketsphinx";
import { voiceDeskFlow } from "./test-support/voice-desk-flow";

const Diagnostics = z.object({ diagnostics: z.array(z.object({ code: z.string(), severity: z.string(), nodeId: z.string().optional(), path: z.string().optional(), message: z.string() })) });

/** A flow whose menu and gather listen for speech, on a browser voice channel of `server`: its `channel_unsupported` diagnostics before and after. */
async function warnings(server: TestServer, id: string) {
  let flow = withNodeData(voiceDeskFlow(id), "main", { input: "both" });
  flow = withNodeData(flow, "account", { input: "speech" });
  expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
  const unsupported = async () => Diagnostics.parse((await server.api("GET", `/api/flows/${id}`)).body).diagnostics.filter((d) => d.code === "channel_unsupported");
  const before = await unsupported();
  const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: id, settings: { allowedOrigins: ["https://www.acme.example"] } });
  expect(channel.status, channel.text).toBe(201);
  return { before, after: await unsupported() };
}

describe("a menu and a gather that listen for speech, on a browser voice channel", () => {
  describe("on a server that recognises speech on its calls (pocketsphinx)", () => {
    let server: TestServer;
    beforeAll(async () => {
      requirePocketsphinx();
      server = await startTestServer();
    });
    afterAll(() => server?.stop());

    it("are not warned channel_unsupported: callers there may answer by voice", async () => {
      const { before, after } = await warnings(server, "speechy");
      expect(before).toEqual([]);
      expect(after).toEqual([]);
    });
  });

  describe("on a server without speech recognition (SPEECH_RECOGNITION=off)", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ SPEECH_RECOGNITION: "off" });
    });
    afterAll(() => server?.stop());

    it("are warned channel_unsupported (callers there answer with keys) once the flow has such a channel, not before", async () => {
      const { before, after } = await warnings(server, "speechless");
      expect(before).toEqual([]);
      expect(after).toEqual([
        expect.objectContaining({ severity: "warning", nodeId: "main", path: "/nodes/1/data/input", message: expect.stringContaining('menu "main" listens for speech, which the channel "Site voice"') }),
        expect.objectContaining({ severity: "warning", nodeId: "account", path: "/nodes/3/data/input", message: expect.stringContaining('gather "account" listens for speech') }),
      ]);
      // A warning: the flow still publishes, and its menu takes keys on that channel.
      expect((await server.api("POST", "/api/flows/speechless/publish", { note: "v1" })).status).toBe(201);
    });
  });
});
