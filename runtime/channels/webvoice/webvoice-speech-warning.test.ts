import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { withNodeData } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { voiceDeskFlow } from "./test-support/voice-desk-flow";

const Diagnostics = z.object({ diagnostics: z.array(z.object({ code: z.string(), severity: z.string(), nodeId: z.string().optional(), path: z.string().optional(), message: z.string() })) });

describe("a menu that listens for speech, on a browser voice channel", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("is warned channel_unsupported (callers there answer with keys) once the flow has such a channel, not before", async () => {
    const flow = withNodeData(voiceDeskFlow("speechy"), "main", { input: "both" });
    expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
    const before = Diagnostics.parse((await server.api("GET", "/api/flows/speechy")).body).diagnostics;
    expect(before.filter((d) => d.code === "channel_unsupported")).toEqual([]);

    const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "speechy", settings: { allowedOrigins: ["https://www.acme.example"] } });
    expect(channel.status, channel.text).toBe(201);
    const after = Diagnostics.parse((await server.api("GET", "/api/flows/speechy")).body).diagnostics;
    expect(after.filter((d) => d.code === "channel_unsupported")).toEqual([
      expect.objectContaining({ severity: "warning", nodeId: "main", path: "/nodes/1/data/input", message: expect.stringContaining('"Site voice"') }),
    ]);
    // A warning: the flow still publishes, and its menu takes keys on that channel.
    expect((await server.api("POST", "/api/flows/speechy/publish", { note: "v1" })).status).toBe(201);
  });
});
