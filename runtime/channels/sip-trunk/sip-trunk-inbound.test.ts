import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { trunkDeskFlow } from "./test-support/trunk-desk-flow";
import { runSipp, sippFlow, describeSipp } from "./test-support/sipp";

const CallRow = z.object({ id: z.string(), state: z.string(), channel_type: z.string(), from_address: z.string().nullable(), to_address: z.string().nullable(), session_id: z.string().nullable(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable() });

/**
 * Inbound calls on a SIP trunk against Debian's sipp: the carrier is 127.0.0.1 (the trunk's
 * inboundAddresses); the trunk desk flow's menu sends 1 to an account number gather (where sipp's
 * caller hangs up) and 2 to goodbye.
 */
describe("SIP trunk: inbound calls from sipp", () => {
  let server: TestServer;
  let trunkId = "";
  let sipPort = 0;
  const calls = () => z.array(CallRow).parse(server.store.database.sqlite.prepare("SELECT * FROM calls ORDER BY created_at").all());
  const path = async (sessionId: string) => (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);

  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.api("POST", "/api/flows", trunkDeskFlow())).status).toBe(201);
    expect((await server.api("POST", "/api/flows/trunk-desk/publish", { note: "v1" })).status).toBe(201);
    const created = await server.api("POST", "/api/channels", {
      type: "sip_trunk",
      name: "Acme carrier",
      flowId: "trunk-desk",
      settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], numbers: ["+15550100200"], transport: "udp" },
    });
    expect(created.status, created.text).toBe(201);
    trunkId = z.object({ id: z.string() }).parse(created.body).id;
    sipPort = await pollUntil(async () => server.sipTrunks?.ports?.udp, 5_000, () => "the SIP endpoint did not start");
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("sipp's uac_pcap: answered with PCMA, the flow takes option 1 from its RFC 2833 digit, its BYE ends the session as completed", async () => {
    const result = await runSipp({ scenario: { builtin: "uac_pcap" }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", timeoutMs: 40_000 });
    expect(result.code, describeSipp(result)).toBe(0);
    expect(sippFlow(result.messages, "received")).toEqual(expect.arrayContaining(["100", "180", "200"]));
    const [call] = calls();
    expect(call).toMatchObject({ channel_type: "sip_trunk", to_address: "+15550100200", state: "ended", hung_up_by: "caller", end_reason: "hangup" });
    const sessionId = call?.session_id ?? "";
    expect(await path(sessionId)).toEqual(expect.arrayContaining(["welcome:next", "main:waiting", "main:option:1", "account:waiting"]));
    const session = await pollUntil(async () => {
      const found = await server.api("GET", `/api/sessions/${sessionId}`);
      const body = z.object({ status: z.string(), endReason: z.string().nullable(), channelType: z.string() }).parse(found.body);
      return body.status === "ended" ? body : undefined;
    }, 5_000, () => "the session did not end");
    expect(session).toMatchObject({ endReason: "completed", channelType: "sip_trunk" });
    expect(trunkId).not.toBe("");
  }, 60_000);
});
