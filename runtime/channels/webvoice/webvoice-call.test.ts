import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ffprobeDuration } from "../../media/test-support/ffmpeg-audio";
import { recordedToneLevel } from "../../media/test-support/recorded-tone";
import { z } from "zod";
import { SESSION_COOKIE } from "../../http/auth/session-cookie";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { voiceDeskFlow } from "./test-support/voice-desk-flow";
import { WebvoiceClient } from "./test-support/webvoice-client";
import { connectSoftphone } from "../../rooms/test-support/softphone";

const SHOP = "http://shop.example.test:8080";
const waitFor = (what: () => boolean, describe: () => string, ms = 10_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 25);

/** A page's call: the widget's socket and a werift peer as the page's RTCPeerConnection. */
async function placeCall(server: TestServer, channelId: string) {
  const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), SHOP);
  if (!opened.ok) throw new Error(`socket refused: ${opened.status}`);
  const { client } = opened;
  const ready = await client.next("ready");
  expect(ready.iceServers).toEqual([]);
  const peer = await WeriftPeer.offer();
  client.send({ type: "call", sdp: peer.offerSdp, visitor: "visitor_0123456789" });
  const answer = await client.next("answer");
  await peer.applyAnswer(answer.sdp);
  await client.next("connected", () => true, 30_000);
  return { client, peer, callId: answer.callId };
}

const RecordingRow = z.object({ recording_path: z.string().nullable(), recording_ms: z.number().nullable(), recording_error: z.string().nullable(), recording_mode: z.string().nullable() });
const CallRow = z.object({ id: z.string(), state: z.string(), session_id: z.string().nullable(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable(), answered_at: z.number().nullable(), ended_at: z.number().nullable(), hold_ms: z.number() });

describe("browser voice: a call runs the channel's flow on the media plane", () => {
  let server: TestServer;
  let channelId = "";
  const row = (callId: string) => CallRow.parse(server.store.database.sqlite.prepare("SELECT * FROM calls WHERE id = ?").get(callId));
  const path = async (sessionId: string) => (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
  /** Waits until the session's path has the step `step` (e.g. "main:waiting"). */
  const reaches = async (sessionId: string, step: string, ms: number) => {
    let last: string[] = [];
    await pollUntil(
      async () => {
        last = await path(sessionId);
        return last.includes(step) ? true : undefined;
      },
      ms,
      () => `path ${last.join(" ")}`,
    );
  };

  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.api("POST", "/api/flows", voiceDeskFlow());
    expect(created.status, created.text).toBe(201);
    expect((await server.api("POST", "/api/flows/voice-desk/publish", { note: "v1" })).status).toBe(201);
    const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "voice-desk", settings: { allowedOrigins: [SHOP] } });
    expect(channel.status, channel.text).toBe(201);
    channelId = z.object({ id: z.string() }).parse(channel.body).id;
  });
  afterAll(async () => {
    await server.stop();
  });

  it("refuses pages whose origin is not allowed (403 before the upgrade) and unknown channels (404)", async () => {
    expect(await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), "http://evil.example.test")).toMatchObject({ ok: false, status: 403 });
    expect(await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), undefined)).toMatchObject({ ok: false, status: 403 });
    expect(await WebvoiceClient.open(webvoiceSocketUrl(server.url, "nope"), SHOP)).toMatchObject({ ok: false, status: 404 });
  });

  it("answers an offer that is not SDP, or has no audio, with an error frame, and the socket stays usable", async () => {
    const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), SHOP);
    if (!opened.ok) throw new Error("refused");
    await opened.client.next("ready");
    opened.client.send({ type: "call", sdp: "hello" });
    expect(await opened.client.next("error")).toMatchObject({ code: "invalid_sdp" });
    opened.client.send({ type: "call", sdp: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n" });
    expect(await opened.client.next("error", (frame) => frame.code !== "invalid_sdp")).toMatchObject({ code: "no_audio" });
    opened.client.send("{not json");
    expect(await opened.client.next("error", (frame) => frame.code === "invalid_frame")).toBeDefined();
    expect(server.store.database.sqlite.prepare("SELECT count(*) AS n FROM calls").get()).toEqual({ n: 0 });
    await opened.client.close();
  });

  it("greets the caller with audio, takes a key during the menu prompt, gathers digits, says goodbye and hangs up", async () => {
    const { client, peer, callId } = await placeCall(server, channelId);
    await waitFor(() => peer.receivedEnergy(300) > 0.01, () => `greeting energy ${peer.receivedEnergy(300)}`);
    const sessionId = row(callId).session_id;
    if (sessionId === null) throw new Error("the call has no session");
    await reaches(sessionId, "main:waiting", 15_000);
    await peer.sendDigits("2", { toneMs: 120 });
    await reaches(sessionId, "account:waiting", 10_000);
    await peer.sendDigits("4321#", { toneMs: 100, gapMs: 80 });
    const ended = await client.next("ended", () => true, 30_000);
    expect(ended).toMatchObject({ callId, hungUpBy: "system", reason: "hangup_node" });
    expect(await path(sessionId)).toEqual(["welcome:next", "main:waiting", "main:option:2", "account:waiting", "account:next", "thanks:ended"]);
    const session = await server.api("GET", `/api/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ status: "ended", endReason: "hangup_node", channelType: "webvoice" });
    const call = row(callId);
    expect(call).toMatchObject({ state: "ended", hung_up_by: "system", end_reason: "hangup_node" });
    expect(call.answered_at).not.toBeNull();
    await client.close();
    await peer.close();
  }, 60_000);

  it("a caller who stays silent hears the menu again, then the flow's no-input path", async () => {
    const { client, peer, callId } = await placeCall(server, channelId);
    const ended = await client.next("ended", () => true, 50_000);
    expect(ended).toMatchObject({ hungUpBy: "system" });
    const sessionId = row(callId).session_id ?? "";
    expect(await path(sessionId)).toEqual(["welcome:next", "main:waiting", "main:no_input", "main:timeout", "nothing:ended"]);
    await client.close();
    await peer.close();
  }, 60_000);

  describe("with an agent on the softphone", () => {
    let agent: AgentClient;
    let softphone: WeriftPeer;
    let cookie = "";

    beforeAll(async () => {
      const created = await server.store.users.createUser({ email: "ada@acme.test", name: "Ada", role: "agent", password: "agent password 1" });
      if (!created.ok) throw new Error(created.error.message);
      await server.store.teams.createTeam({ id: "support", name: "Support" });
      await server.store.teams.addMember("support", created.value.id);
      // The team records its calls from the moment an agent joins.
      const recording = await server.api("PATCH", "/api/teams/support", { recording: "agent" });
      expect(recording.status, recording.text).toBe(200);
      const login = await server.api("POST", "/api/auth/login", { email: "ada@acme.test", password: "agent password 1" }, { key: null });
      expect(login.status).toBe(200);
      const token = /sb_session=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1] ?? "";
      cookie = `${SESSION_COOKIE}=${token}`;
      agent = await AgentClient.connect(`${server.url.replace("http", "ws")}/ws/agent`, token);
      agent.startHeartbeats(5_000);
      await agent.next("snapshot");
      softphone = await connectSoftphone(agent);
    });
    afterAll(async () => {
      await agent.close();
      await softphone.close();
    });

    it("the caller waits with hold music; accept bridges caller and agent: each hears the other's tone", async () => {
      const { client, peer, callId } = await placeCall(server, channelId);
      peer.play(440);
        const sessionId = await pollUntil(async () => row(callId).session_id ?? undefined, 5_000, () => "no session");
      await reaches(sessionId, "main:waiting", 15_000);
      await peer.sendDigits("1", { toneMs: 120 });
      const offer = await agent.next("offer", () => true, 10_000);
      await waitFor(() => peer.receivedEnergy(400) > 0.01 && peer.toneLevel(1000) < 0.02, () => `hold music at the caller: energy ${peer.receivedEnergy(400)}`);
      const conversationId = offer.offer.conversation.id;
      const accepted = await fetch(`${server.url}/api/conversations/${conversationId}/accept`, { method: "POST", headers: { cookie, origin: server.url } });
      expect(accepted.status, await accepted.text()).toBe(200);
      const acceptedAt = performance.now();
      await waitFor(() => peer.toneLevel(1000) > 0.1 && softphone.toneLevel(440) > 0.1, () => `caller hears 1000 at ${peer.toneLevel(1000)}, agent hears 440 at ${softphone.toneLevel(440)}`);
      expect(performance.now() - acceptedAt).toBeLessThan(2_000);

      const hold = await fetch(`${server.url}/api/conversations/${conversationId}/hold`, { method: "POST", headers: { cookie, origin: server.url } });
      expect(hold.status, await hold.text()).toBe(200);
      await waitFor(() => peer.toneLevel(1000) < 0.02 && peer.receivedEnergy() > 0.01 && softphone.toneLevel(440) < 0.01, () => `held: caller 1000 ${peer.toneLevel(1000)}, agent 440 ${softphone.toneLevel(440)}`);
      const resume = await fetch(`${server.url}/api/conversations/${conversationId}/resume`, { method: "POST", headers: { cookie, origin: server.url } });
      expect(resume.status, await resume.text()).toBe(200);
      await waitFor(() => peer.toneLevel(1000) > 0.1 && softphone.toneLevel(440) > 0.1, () => `resumed: caller 1000 ${peer.toneLevel(1000)}, agent 440 ${softphone.toneLevel(440)}`);

      agent.send({ type: "softphone_mute", muted: true });
      await waitFor(() => peer.toneLevel(1000) < 0.01, () => `muted: caller still hears 1000 at ${peer.toneLevel(1000)}`);
      await waitFor(() => softphone.toneLevel(440) > 0.1, () => `muted: the agent no longer hears the caller: ${softphone.toneLevel(440)}`);
      agent.send({ type: "softphone_mute", muted: false });

      // The caller hangs up: the call ends as the caller's, the agent's conversation hears it, the softphone stays up.
      await client.close();
      await pollUntil(async () => (row(callId).state === "ended" ? true : undefined), 10_000, () => `call ${row(callId).state}`);
      expect(row(callId)).toMatchObject({ hung_up_by: "caller" });
      expect(row(callId).hold_ms).toBeGreaterThan(0);
      const agents = server.store.database.sqlite.prepare("SELECT count(*) AS n FROM call_agents WHERE call_id = ?").get(callId);
      expect(agents).toEqual({ n: 1 });
      await waitFor(() => softphone.toneLevel(440, 300) < 0.01, () => `the agent still hears the caller at ${softphone.toneLevel(440, 300)}`);
      expect(agent.of("softphone").at(-1)?.state).toBe("connected");
      await peer.close();

      // The recording: from the agent's join to the end, the caller's 440 Hz left, the agent's 1000 Hz (and hold music) right.
      const recorded = await pollUntil(
        async () => {
          const found = RecordingRow.parse(server.store.database.sqlite.prepare("SELECT recording_path, recording_ms, recording_error, recording_mode FROM calls WHERE id = ?").get(callId));
          return found.recording_path !== null || found.recording_error !== null ? found : undefined;
        },
        30_000,
        () => "no recording",
      );
      expect(recorded).toMatchObject({ recording_mode: "agent", recording_error: null });
      const file = await server.api("GET", `/api/calls/${callId}/recording`);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toContain("audio/ogg");
      const path = join(server.dataDir, "recordings", recorded.recording_path ?? "");
      const seconds = ffprobeDuration(path);
      expect(Math.abs(seconds * 1000 - (recorded.recording_ms ?? 0))).toBeLessThan(500);
      expect(recordedToneLevel(path, 0, 440)).toBeGreaterThan(0.05);
      expect(recordedToneLevel(path, 1, 1000)).toBeGreaterThan(0.05);
    }, 90_000);

    it("after a hand-off (the flow ends at the transfer) the agent ends the call: the caller hears goodbye and the call is the agent's to have hung up", async () => {
      const handoff = { ...voiceDeskFlow("voice-handoff"), name: "Voice hand-off" };
      handoff.edges = handoff.edges.filter((edge) => edge.source !== "to_agent");
      expect((await server.api("POST", "/api/flows", handoff)).status).toBe(201);
      expect((await server.api("POST", "/api/flows/voice-handoff/publish", { note: "v1" })).status).toBe(201);
      const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Hand-off voice", flowId: "voice-handoff", settings: { allowedOrigins: [SHOP] } });
      const { client, peer, callId } = await placeCall(server, z.object({ id: z.string() }).parse(channel.body).id);
      peer.play(440);
      const sessionId = await pollUntil(async () => row(callId).session_id ?? undefined, 5_000, () => "no session");
      await reaches(sessionId, "main:waiting", 15_000);
      const offersBefore = agent.of("offer").length;
      await peer.sendDigits("1", { toneMs: 120 });
      const offer = await agent.next("offer", () => agent.of("offer").length > offersBefore, 10_000);
      const conversationId = agent.of("offer").at(-1)?.offer.conversation.id ?? offer.offer.conversation.id;
      expect((await fetch(`${server.url}/api/conversations/${conversationId}/accept`, { method: "POST", headers: { cookie, origin: server.url } })).status).toBe(200);
      await waitFor(() => softphone.toneLevel(440) > 0.1, () => `the agent hears the caller at ${softphone.toneLevel(440)}`);
      expect((await fetch(`${server.url}/api/conversations/${conversationId}/close`, { method: "POST", headers: { cookie, origin: server.url, "content-type": "application/json" }, body: "{}" })).status).toBe(200);
      const ended = await client.next("ended", () => true, 20_000);
      expect(ended).toMatchObject({ callId, hungUpBy: "agent", reason: "transfer_handoff" });
      expect(row(callId)).toMatchObject({ state: "ended", hung_up_by: "agent", end_reason: "transfer_handoff" });
      await client.close();
      await peer.close();
    }, 60_000);
  });
});
