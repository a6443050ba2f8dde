import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { FlowJson } from "../../test-support/example-flows";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { describeSipp, killAllSipp, scenario, sippMessages, startSipp, type SippOptions } from "./test-support/sipp";

const at = { x: 0, y: 0 };
/** What an integrator's call says when it is answered (a reminder), then it hangs up. */
const reminderFlow: FlowJson = {
  schemaVersion: 1,
  id: "reminder",
  name: "Reminder",
  entry: "hello",
  nodes: [
    { id: "hello", type: "greeting", position: at, data: { prompt: { text: "This is Acme with a reminder about your appointment tomorrow." } } },
    { id: "bye", type: "hangup", position: at, data: { prompt: { text: "Goodbye." } } },
  ],
  edges: [{ id: "e1", source: "hello", sourceHandle: "next", target: "bye" }],
  variables: {},
  settings: { language: "en-US", channels: ["voice"] },
};

const Placed = z.object({ call: z.object({ id: z.string(), state: z.string(), direction: z.string(), to: z.string().nullable() }), conversationId: z.string().nullable() });
const CallView = z.object({ id: z.string(), state: z.string(), endReason: z.string().nullable(), hungUpBy: z.string().nullable(), answeredAt: z.string().nullable(), sessionId: z.string().nullable() });

/**
 * Calls placed through a SIP trunk (POST /api/calls with an API key: the trunk's flow runs once
 * answered) against sipp as the carrier: answered, busy, not answered.
 */
describe("SIP trunk: calls placed through the API", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.api("POST", "/api/flows", reminderFlow)).status).toBe(201);
    expect((await server.api("POST", "/api/flows/reminder/publish", { note: "v1" })).status).toBe(201);
  }, 30_000);
  afterEach(async () => {
    await killAllSipp();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** sipp as the carrier (a UAS scenario), and a trunk whose domain is sipp's address. */
  async function carrier(options: Pick<SippOptions, "scenario" | "extraArgs">) {
    const sipp = await startSipp({ ...options, timeoutMs: 30_000 });
    await sipp.ready();
    const created = await server.api("POST", "/api/channels", { type: "sip_trunk", name: `Carrier ${sipp.port}`, flowId: "reminder", settings: { domain: sipp.address, inboundAddresses: ["127.0.0.1"], transport: "udp", optionsKeepalive: false } });
    expect(created.status, created.text).toBe(201);
    const trunkId = z.object({ id: z.string() }).parse(created.body).id;
    return { sipp, trunkId };
  }
  const callView = async (id: string) => CallView.parse((await server.api("GET", `/api/calls/${id}`)).body);
  const ended = (id: string, ms = 15_000) => pollUntil(async () => {
    const view = await callView(id);
    return view.state === "ended" ? view : undefined;
  }, ms, () => `call ${id} did not end`);

  it("answered: the INVITE offers PCMU, PCMA and telephone-event; the trunk's flow speaks, hangs up with our BYE, and the call is recorded as answered", async () => {
    const { sipp, trunkId } = await carrier({ scenario: { file: scenario("uas-answer") } });
    const placed = await server.api("POST", "/api/calls", { channelId: trunkId, to: "+15550100300" });
    expect(placed.status, placed.text).toBe(201);
    const { call, conversationId } = Placed.parse(placed.body);
    expect(call).toMatchObject({ state: "ringing", direction: "outbound", to: "+15550100300" });
    expect(conversationId).toBeNull();
    const result = await sipp.result;
    expect(result.code, describeSipp(result)).toBe(0);
    const invite = sippMessages(result.messages).find((message) => message.direction === "received" && message.startLine.startsWith("INVITE "));
    expect(invite?.startLine).toBe(`INVITE sip:+15550100300@${sipp.address} SIP/2.0`);
    expect(invite?.text).toMatch(/m=audio \d+ RTP\/AVP 0 8 101/);
    expect(invite?.text).toContain("a=rtpmap:101 telephone-event/8000");
    const view = await ended(call.id);
    expect(view).toMatchObject({ hungUpBy: "system" });
    expect(view.answeredAt).not.toBeNull();
    const steps = (await server.store.sessions.listSteps(view.sessionId ?? "")).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
    expect(steps).toEqual(["hello:next", "bye:ended"]);
  }, 40_000);

  it("busy: 486 is recorded as busy and nothing runs", async () => {
    const { sipp, trunkId } = await carrier({ scenario: { file: scenario("uas-busy") } });
    const placed = await server.api("POST", "/api/calls", { channelId: trunkId, to: "+15550100301" });
    expect(placed.status, placed.text).toBe(201);
    const { call } = Placed.parse(placed.body);
    const result = await sipp.result;
    expect(result.code, describeSipp(result)).toBe(0);
    expect(await ended(call.id)).toMatchObject({ endReason: "busy", hungUpBy: "system", answeredAt: null, sessionId: null });
  }, 40_000);

  it("not answered: after timeoutSeconds of ringing the call is cancelled (CANCEL, 487) and recorded as no_answer", async () => {
    const { sipp, trunkId } = await carrier({ scenario: { file: scenario("uas-no-answer") } });
    const placed = await server.api("POST", "/api/calls", { channelId: trunkId, to: "+15550100302", timeoutSeconds: 5 });
    expect(placed.status, placed.text).toBe(201);
    const { call } = Placed.parse(placed.body);
    const result = await sipp.result;
    expect(result.code, describeSipp(result)).toBe(0);
    expect(await ended(call.id)).toMatchObject({ endReason: "no_answer", answeredAt: null });
  }, 40_000);

  it("refuses what cannot be called, naming the field", async () => {
    const { trunkId } = await carrier({ scenario: { file: scenario("uas-busy") } });
    const bad = await server.api("POST", "/api/calls", { channelId: trunkId, to: "555-0100" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("body.to");
    const unknown = await server.api("POST", "/api/calls", { channelId: "nope", to: "+15550100303" });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("body.channelId");
    const webvoice = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site", flowId: "reminder", settings: { allowedOrigins: ["https://shop.example"] } });
    const notTrunk = await server.api("POST", "/api/calls", { channelId: z.object({ id: z.string() }).parse(webvoice.body).id, to: "+15550100303" });
    expect(notTrunk.status).toBe(422);
    expect(notTrunk.text).toContain("not_a_sip_trunk");
    expect((await server.api("PUT", `/api/channels/${trunkId}`, { enabled: false })).status).toBe(200);
    const disabled = await server.api("POST", "/api/calls", { channelId: trunkId, to: "+15550100303" });
    expect(disabled.status).toBe(409);
    expect(disabled.text).toContain("channel_disabled");
  }, 20_000);
});
