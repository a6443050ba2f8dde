import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { WeriftPeer } from "../../media/test-support/werift-peer";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { SESSION_COOKIE } from "../../http/auth/session-cookie";
import { trunkDeskFlow } from "./test-support/trunk-desk-flow";
import { describeSipp, killAllSipp, scenario, startSipp } from "./test-support/sipp";
import { startTestUserAgent } from "./test-support/test-user-agent";
import { SipTransport } from "./sip/sip-transport";
import { SipUserAgent } from "./sip/sip-user-agent";
import { connectSoftphone } from "../../rooms/test-support/softphone";

const waitFor = (what: () => boolean, describe: () => string, ms = 10_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 25);
const Created = z.object({ id: z.string() });
const Placed = z.object({ call: z.object({ id: z.string() }), conversationId: z.string() });
const ChannelView = z.object({ status: z.string(), statusMessage: z.string().nullable() });
const CallRow = z.object({ state: z.string(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable(), conversation_id: z.string().nullable() });

/**
 * Agents on SIP trunks: calls placed from the console (the agent's softphone is a werift peer
 * playing 1,000 Hz; sipp as the far end echoes its RTP back, so the agent hearing 1,000 Hz proves
 * audio went out through the trunk and came back), phone participants invited into a room, and
 * the trunks' health as their channels' status.
 */
describe("SIP trunk: agents, rooms and health", () => {
  let server: TestServer;
  let agent: AgentClient;
  let softphone: WeriftPeer;
  let cookie = "";

  beforeAll(async () => {
    server = await startTestServer({ SIP_OPTIONS_INTERVAL_SECONDS: "1" });
    expect((await server.api("POST", "/api/flows", trunkDeskFlow())).status).toBe(201);
    expect((await server.api("POST", "/api/flows/trunk-desk/publish", { note: "v1" })).status).toBe(201);
    const created = await server.store.users.createUser({ email: "ada@acme.test", name: "Ada", role: "agent", password: "agent password 1" });
    if (!created.ok) throw new Error(created.error.message);
    const login = await server.api("POST", "/api/auth/login", { email: "ada@acme.test", password: "agent password 1" }, { key: null });
    const token = /sb_session=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1] ?? "";
    cookie = `${SESSION_COOKIE}=${token}`;
    agent = await AgentClient.connect(`${server.url.replace("http", "ws")}/ws/agent`, token);
    agent.startHeartbeats(5_000);
    await agent.next("snapshot");
  }, 30_000);
  afterEach(async () => {
    await killAllSipp();
  });
  afterAll(async () => {
    await agent?.close();
    await softphone?.close();
    await server?.stop();
  });

  const asAgent = (method: string, path: string, body?: unknown) => server.api(method, path, body, { key: null, headers: { cookie, origin: server.url } });
  const channel = async (id: string) => ChannelView.parse((await server.api("GET", `/api/channels/${id}`)).body);
  const callRow = (id: string) => CallRow.parse(server.store.database.sqlite.prepare("SELECT * FROM calls WHERE id = ?").get(id));

  async function trunkTo(address: string, extra: Record<string, unknown> = {}): Promise<string> {
    const created = await server.api("POST", "/api/channels", { type: "sip_trunk", name: `Carrier ${address}`, flowId: "trunk-desk", settings: { domain: address, inboundAddresses: ["127.0.0.1"], transport: "udp", ...extra } });
    expect(created.status, created.text).toBe(201);
    return Created.parse(created.body).id;
  }

  it("an agent without a softphone cannot place a call: 409 saying so", async () => {
    const trunkId = await trunkTo("127.0.0.1:9", { optionsKeepalive: false });
    const refused = await asAgent("POST", "/api/calls", { channelId: trunkId, to: "+15550100400" });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.text).toContain("softphone_not_connected");
    expect((await server.api("DELETE", `/api/channels/${trunkId}`)).status).toBe(204);
  });

  it("an agent's call from the console: the far end's audio reaches their softphone; closing the conversation hangs up (BYE), recorded as the agent's", async () => {
    softphone = await connectSoftphone(agent);

    const sipp = await startSipp({ scenario: { file: scenario("uas-answer") }, extraArgs: ["-rtp_echo"], timeoutMs: 30_000 });
    await sipp.ready();
    const trunkId = await trunkTo(sipp.address, { optionsKeepalive: false });
    const placed = await asAgent("POST", "/api/calls", { channelId: trunkId, to: "+15550100401" });
    expect(placed.status, placed.text).toBe(201);
    const { call, conversationId } = Placed.parse(placed.body);
    await waitFor(() => softphone.toneLevel(1000) > 0.1, () => `the agent hears their echo at ${softphone.toneLevel(1000)}`);
    expect(callRow(call.id)).toMatchObject({ state: "active", conversation_id: conversationId });

    const closed = await asAgent("POST", `/api/conversations/${conversationId}/close`, {});
    expect(closed.status, closed.text).toBe(200);
    const result = await sipp.result;
    expect(result.code, describeSipp(result)).toBe(0);
    await waitFor(() => callRow(call.id).state === "ended", () => `call ${JSON.stringify(callRow(call.id))}`);
    expect(callRow(call.id)).toMatchObject({ hung_up_by: "agent" });
    await waitFor(() => softphone.toneLevel(1000, 300) < 0.01, () => `the agent still hears the far end at ${softphone.toneLevel(1000, 300)}`);
  }, 60_000);

  it("a far end that hangs up closes the agent's conversation, saying so", async () => {
    const sipp = await startSipp({ scenario: { file: scenario("uas-answer-hangup") }, extraArgs: ["-rtp_echo"], pauseMs: 1500, timeoutMs: 30_000 });
    await sipp.ready();
    const trunkId = await trunkTo(sipp.address, { optionsKeepalive: false });
    const placed = await asAgent("POST", "/api/calls", { channelId: trunkId, to: "+15550100402" });
    expect(placed.status, placed.text).toBe(201);
    const { call, conversationId } = Placed.parse(placed.body);
    const result = await sipp.result;
    expect(result.code, describeSipp(result)).toBe(0);
    await waitFor(() => callRow(call.id).state === "ended", () => `call ${JSON.stringify(callRow(call.id))}`);
    expect(callRow(call.id)).toMatchObject({ hung_up_by: "caller", end_reason: "hangup" });
    const room = z.object({ conversation: z.object({ status: z.string(), closeReason: z.string().nullable() }), messages: z.array(z.object({ body: z.string() })) });
    const detail = await pollUntil(async () => {
      const found = room.parse((await asAgent("GET", `/api/conversations/${conversationId}`)).body);
      return found.conversation.status === "closed" ? found : undefined;
    }, 5_000, () => "the conversation stayed open");
    expect(detail.conversation.closeReason).toBe("completed");
    expect(detail.messages.map((message) => message.body)).toContain("+15550100402 hung up");
  }, 40_000);

  it("a phone participant invited with call: true is phoned through the room's trunk, announced when they answer, and leaves the room when they hang up while the room's call goes on", async () => {
    const far = await startSipp({ scenario: { file: scenario("uas-answer") }, extraArgs: ["-rtp_echo"], timeoutMs: 40_000 });
    await far.ready();
    const trunkId = await trunkTo(far.address, { optionsKeepalive: false });
    const placed = await asAgent("POST", "/api/calls", { channelId: trunkId, to: "+15550100403" });
    const { conversationId } = Placed.parse(placed.body);
    await waitFor(() => softphone.toneLevel(1000) > 0.1, () => `the agent hears the first party at ${softphone.toneLevel(1000)}`);

    const guest = await startSipp({ scenario: { file: scenario("uas-answer-hangup") }, extraArgs: ["-rtp_echo"], pauseMs: 2500, timeoutMs: 30_000 });
    await guest.ready();
    // The room is on the first trunk: an invite goes out through it, so point that trunk at the guest's carrier.
    expect((await server.api("PUT", `/api/channels/${trunkId}`, { settings: { domain: guest.address, inboundAddresses: ["127.0.0.1"], transport: "udp", optionsKeepalive: false } })).status).toBe(200);
    const invited = await asAgent("POST", `/api/conversations/${conversationId}/participants`, { channel: "sip_trunk", address: "+15550100404", displayName: "Supervisor line", call: true });
    expect(invited.status, invited.text).toBe(201);
    const participantId = Created.parse(invited.body).id;
    const guestResult = await guest.result;
    expect(guestResult.code, describeSipp(guestResult)).toBe(0);
    const Detail = z.object({ participants: z.array(z.object({ id: z.string(), leftAt: z.string().nullable() })), messages: z.array(z.object({ body: z.string() })) });
    const detail = await pollUntil(async () => {
      const found = Detail.parse((await asAgent("GET", `/api/conversations/${conversationId}`)).body);
      return found.participants.find((participant) => participant.id === participantId)?.leftAt != null ? found : undefined;
    }, 5_000, () => "the invited party did not leave the room");
    const texts = detail.messages.map((message) => message.body);
    expect(texts).toEqual(expect.arrayContaining(["Supervisor line answered the call", "Supervisor line hung up"]));
    // The room's own call goes on.
    await waitFor(() => softphone.toneLevel(1000) > 0.1, () => `the room's call went quiet for the agent: ${softphone.toneLevel(1000)}`);
    expect((await asAgent("POST", `/api/conversations/${conversationId}/close`, {})).status).toBe(200);
    const farResult = await far.result;
    expect(farResult.code, describeSipp(farResult)).toBe(0);
  }, 60_000);

  it("a trunk's health is its channel's status: active while the carrier answers OPTIONS, error when it stops, active again when it is back", async () => {
    const carrier = await startTestUserAgent();
    const port = carrier.port;
    const trunkId = await trunkTo(carrier.address);
    await pollUntil(async () => ((await channel(trunkId)).status === "active" ? true : undefined), 10_000, () => "not active");
    expect((await channel(trunkId)).statusMessage).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port} answers OPTIONS \\(200 OK, \\d+ ms\\)\\.$`));
    await carrier.close();
    const down = await pollUntil(async () => {
      const found = await channel(trunkId);
      return found.status === "error" ? found : undefined;
    }, 25_000, () => "not error");
    expect(down.statusMessage).toMatch(/does not answer OPTIONS \(408/);
    // The carrier is back on the same port.
    const transport = await SipTransport.start({ host: "127.0.0.1", port });
    const back = new SipUserAgent(transport);
    await pollUntil(async () => ((await channel(trunkId)).status === "active" ? true : undefined), 15_000, () => "did not recover");
    await back.close();
    await transport.close();
    expect((await server.api("DELETE", `/api/channels/${trunkId}`)).status).toBe(204);
  }, 60_000);

  it("a trunk with a registrar registers with digest: active while registered, refreshed before expiry, un-REGISTERed when the channel is deleted", async () => {
    const sipp = await startSipp({ scenario: { file: scenario("uas-registrar") }, keys: { realm: "carrier.test", nonce: "n0nce1", user: "acme-trunk", password: "trunk secret", expires: "4" }, timeoutMs: 30_000 });
    await sipp.ready();
    const created = await server.api("POST", "/api/channels", {
      type: "sip_trunk",
      name: "Registered carrier",
      flowId: "trunk-desk",
      credentials: { username: "acme-trunk", password: "trunk secret" },
      settings: { domain: "carrier.test", registrar: sipp.address, transport: "udp" },
    });
    expect(created.status, created.text).toBe(201);
    const trunkId = Created.parse(created.body).id;
    const first = await pollUntil(async () => {
      const found = await channel(trunkId);
      return found.status === "active" ? found : undefined;
    }, 10_000, () => "not registered");
    expect(first.statusMessage).toMatch(new RegExp(`^Registered with ${sipp.address.replace(/\./g, "\\.")} until \\d{4}-`));
    // The refresh moves the binding's expiry on; then the channel goes and so does the binding.
    await pollUntil(async () => ((await channel(trunkId)).statusMessage !== first.statusMessage ? true : undefined), 6_000, () => "no refresh");
    expect((await server.api("DELETE", `/api/channels/${trunkId}`)).status).toBe(204);
    const result = await sipp.result;
    expect(result.code, describeSipp(result)).toBe(0);
  }, 40_000);
});
