import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { voiceDeskFlow } from "./test-support/voice-desk-flow";
import { WebvoiceClient } from "./test-support/webvoice-client";
import { connectSoftphone } from "../../rooms/test-support/softphone";

const SHOP = "http://shop.example.test:8080";
const CallRow = z.object({ state: z.string(), session_id: z.string().nullable(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable() });

describe("browser voice: a caller whose connection is lost, or never made", () => {
  let server: TestServer;
  let channelId = "";
  const row = (callId: string) => CallRow.parse(server.store.database.sqlite.prepare("SELECT state, session_id, hung_up_by, end_reason FROM calls WHERE id = ?").get(callId));

  beforeAll(async () => {
    server = await startTestServer({ MEDIA_NO_RTP_SECONDS: "3" });
    expect((await server.api("POST", "/api/flows", voiceDeskFlow())).status).toBe(201);
    expect((await server.api("POST", "/api/flows/voice-desk/publish", { note: "v1" })).status).toBe(201);
    const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "voice-desk", settings: { allowedOrigins: [SHOP] } });
    channelId = z.object({ id: z.string() }).parse(channel.body).id;
  });
  afterAll(() => server.stop());

  const open = async () => {
    const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), SHOP);
    if (!opened.ok) throw new Error(`refused ${opened.status}`);
    await opened.client.next("ready");
    return opened.client;
  };

  it("a page that never completes ICE: the call ends with ice_timeout, recorded, and the page is told", async () => {
    const client = await open();
    const peer = await WeriftPeer.offer();
    client.send({ type: "call", sdp: peer.offerSdp });
    const answer = await client.next("answer");
    // The page never applies the answer: no connectivity checks ever succeed.
    const ended = await client.next("ended", () => true, 30_000);
    expect(ended).toMatchObject({ callId: answer.callId, reason: "ice_timeout", hungUpBy: "system" });
    expect(row(answer.callId)).toMatchObject({ state: "ended", end_reason: "ice_timeout", hung_up_by: "system", session_id: null });
    await client.close();
    await peer.close();
  }, 40_000);

  it("a caller who vanishes mid-call while talking to an agent: the call ends with a recorded reason and the agent's conversation says so", async () => {
    const agentUser = await server.store.users.createUser({ email: "bo@acme.test", name: "Bo", role: "agent", password: "agent password 2" });
    if (!agentUser.ok) throw new Error(agentUser.error.message);
    await server.store.teams.createTeam({ id: "support", name: "Support" });
    await server.store.teams.addMember("support", agentUser.value.id);
    const login = await server.api("POST", "/api/auth/login", { email: "bo@acme.test", password: "agent password 2" }, { key: null });
    const token = /sb_session=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1] ?? "";
    const agent = await AgentClient.connect(`${server.url.replace("http", "ws")}/ws/agent`, token);
    agent.startHeartbeats(5_000);
    // A browser's softphone sends audio all the time (silence included): a leg without RTP would be a lost one.
    const softphone = await connectSoftphone(agent);

    const client = await open();
    const caller = await WeriftPeer.offer();
    client.send({ type: "call", sdp: caller.offerSdp });
    const answer = await client.next("answer");
    await caller.applyAnswer(answer.sdp);
    await client.next("connected", () => true, 30_000);
    caller.play(440);
    await pollUntil(async () => ((await server.store.sessions.listSteps(row(answer.callId).session_id ?? "")).some((step) => step.nodeId === "main" && step.outcome === "waiting") ? true : undefined), 15_000, () => "menu not reached");
    await caller.sendDigits("1", { toneMs: 120 });
    const offer = await agent.next("offer", () => true, 10_000);
    const accepted = await fetch(`${server.url}/api/conversations/${offer.offer.conversation.id}/accept`, { method: "POST", headers: { cookie: `sb_session=${token}`, origin: server.url } });
    expect(accepted.status).toBe(200);
    await pollUntil(async () => (softphone.toneLevel(440) > 0.1 ? true : undefined), 5_000, () => `agent hears 440 at ${softphone.toneLevel(440)}`);

    const vanishedAt = Date.now();
    caller.vanish();
    await pollUntil(async () => (row(answer.callId).state === "ended" ? true : undefined), 20_000, () => "the call did not end");
    const detectedMs = Date.now() - vanishedAt;
    console.log(`a vanished caller was detected after ${detectedMs} ms (MEDIA_NO_RTP_SECONDS=3)`);
    const ended = row(answer.callId);
    expect(["no_rtp", "transport_failed"]).toContain(ended.end_reason);
    expect(ended.hung_up_by).toBe("system");
    const message = await agent.next("message", (frame) => frame.message.body.startsWith("The call ended"), 5_000);
    expect(message.message.kind).toBe("system");
    const conversation = await agent.next("conversation_updated", (frame) => frame.conversation.status === "closed", 5_000);
    expect(conversation.conversation.id).toBe(offer.offer.conversation.id);
    // The agent's softphone is still up for the next call.
    expect(agent.of("softphone").at(-1)?.state).toBe("connected");
    await client.close();
    await agent.close();
    await caller.close();
    await softphone.close();
  }, 60_000);
});
