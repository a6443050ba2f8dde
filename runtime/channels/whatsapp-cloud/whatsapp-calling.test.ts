import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { recordedToneLevel } from "../../media/test-support/recorded-tone";
import { TELEPHONE_EVENT_PT, WeriftPeer } from "../../media/test-support/werift-peer";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { pollUntil } from "../../test-support/api-client";
import { exampleFlow } from "../../test-support/example-flows";
import { GRAPH_VERSION, WHATSAPP, whatsappCase, whatsappPost } from "../conformance/chat-cases";
import { ChatFixture } from "../conformance/chat-fixture";
import { voiceDeskFlow } from "../webvoice/test-support/voice-desk-flow";
import { CALLS_PATH, CallAction, callsPayload, connectEvent, MetaCalling, newUser, newWacid, nowSeconds, terminateEvent } from "./test-support/meta-calling";
import { type SoftphoneAgent, softphoneAgent } from "../../rooms/test-support/softphone";

const fx = new ChatFixture();
let channelId = "";
const meta = new MetaCalling(fx, () => channelId);
const RecordingRow = z.object({ recording_path: z.string().nullable(), recording_error: z.string().nullable(), recording_mode: z.string().nullable() });

/** When the stand-in answered each `accept` (by WhatsApp call id). */
const acceptedAt = new Map<string, number>();

beforeAll(async () => {
  await fx.start();
  fx.standIn.reply(CALLS_PATH, (request) => {
    const action = CallAction.parse(JSON.parse(request.body));
    if (action.action === "accept") acceptedAt.set(action.call_id, Date.now());
    return undefined; // the stand-in's own answer
  });
  await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "appointments" });
  await fx.publish(voiceDeskFlow());
  channelId = await fx.channel({ ...whatsappCase(), settings: { calling: { enabled: true, flowId: "voice-desk" } } }, "appointments");
}, 60_000);
afterAll(() => fx.stop());

describe("settings.calling", () => {
  it("needs the voice flow when enabled, and it must exist", async () => {
    const chat = whatsappCase();
    const base = { type: chat.type, name: "calls", flowId: "appointments", credentials: chat.credentials };
    const missing = await fx.server.api("POST", "/api/channels", { ...base, settings: { calling: { enabled: true } } });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("settings.calling.flowId");
    const unknown = await fx.server.api("POST", "/api/channels", { ...base, settings: { calling: { enabled: true, flowId: "no-such-flow" } } });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("body.settings.calling.flowId: flow no-such-flow does not exist");
  });
});

describe("a user's WhatsApp call on the media plane (werift as Meta)", () => {
  it("is answered with pre_accept then accept (one SDP: setup active, mid audio, Opus and 126/8000), runs the calling flow, takes RFC 4733 keys on PT 126, and our terminate ends it", async () => {
    const call = await meta.call();
    try {
      expect(call.acceptSdp).toBe(call.answerSdp);
      const lines = call.answerSdp.split("\r\n");
      expect(lines).toContain("a=setup:active");
      expect(lines).toContain("a=mid:audio");
      expect(lines.some((line) => /^a=rtpmap:111 opus\/48000\/2$/.test(line))).toBe(true);
      expect(lines).toContain(`a=rtpmap:${TELEPHONE_EVENT_PT} telephone-event/8000`);
      // Exactly one SSRC of ours, declared (MEDIA.md 5.5: several corrupt Meta's media).
      expect(new Set(lines.filter((line) => line.startsWith("a=ssrc:")).map((line) => line.split(" ")[0])).size).toBe(1);
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept"]);
      // The calling flow (voice-desk), not the channel's chat flow, runs on the call; Meta hears its prompts.
      const sessionId = await meta.sessionOfCall(call.from);
      const session = await fx.server.store.sessions.getSession(sessionId);
      expect(session?.flowId).toBe("voice-desk");
      // The call is answered, and its flow starts, only once Meta took our accept (MEDIA.md 5.4).
      expect(meta.callRows(call.from)[0]?.answered_at).toBeGreaterThanOrEqual(acceptedAt.get(call.wacid) ?? Number.POSITIVE_INFINITY);
      call.peer.play(440, 0.1);
      await pollUntil(async () => (call.peer.receivedEnergy(300) > 0.01 ? true : undefined), 15_000, () => `Meta heard RMS ${call.peer.receivedEnergy()} packets ${call.peer.packetsReceived} ${fx.server.logs.slice(-15).join("\n")}`);
      await meta.reaches(sessionId, "main:waiting");
      await call.peer.sendDigits("2", { toneMs: 120 });
      await meta.reaches(sessionId, "account:waiting");
      await call.peer.sendDigits("1234#", { toneMs: 120, gapMs: 80 });
      await meta.reaches(sessionId, "account:next");
      // The flow says goodbye and hangs up: our terminate, the call row ended by the system.
      await pollUntil(async () => (meta.actionsFor(call.wacid).some((action) => action.action === "terminate") ? true : undefined), 30_000, () => `no terminate: ${JSON.stringify(meta.actionsFor(call.wacid).map((a) => a.action))}`);
      const [row] = meta.callRows(call.from);
      expect(row).toMatchObject({ state: "ended", hung_up_by: "system" });
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept", "terminate"]);
      const ended = await fx.server.store.sessions.getSession(sessionId);
      expect(ended?.status).toBe("ended");
    } finally {
      await call.peer.close();
    }
  }, 90_000);

  it("Meta's terminate ends the call and its session (the user hung up): no terminate of ours; a terminate for an unknown call is stored and changes nothing", async () => {
    const call = await meta.call();
    try {
      const sessionId = await meta.sessionOfCall(call.from);
      await meta.reaches(sessionId, "main:waiting");
      expect((await meta.post([terminateEvent(call.wacid, call.from, { status: "Completed", duration: 12, start_time: nowSeconds(), end_time: nowSeconds() })])).status).toBe(200);
      await pollUntil(async () => (meta.callRows(call.from)[0]?.state === "ended" ? true : undefined), 10_000, () => `call ${JSON.stringify(meta.callRows(call.from))}`);
      expect(meta.callRows(call.from)[0]).toMatchObject({ hung_up_by: "caller", end_reason: "hangup" });
      const session = await pollUntil(async () => {
        const found = await fx.server.store.sessions.getSession(sessionId);
        return found?.status === "ended" ? found : undefined;
      }, 10_000, () => "the session did not end");
      expect(session.status).toBe("ended");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept"]);
    } finally {
      await call.peer.close();
    }
    const inbound = (await fx.inboundCount());
    const stranger = newWacid();
    expect((await meta.post([terminateEvent(stranger, newUser(), { status: "failed" })])).status).toBe(200);
    expect((await fx.inboundCount())).toBe(inbound + 2); // the webhook and its event
    expect(meta.actionsFor(stranger)).toEqual([]);
    expect(fx.server.logs.some((line) => line.includes(stranger) && line.includes("no live call"))).toBe(true);
  }, 90_000);
});

describe("a WhatsApp call is offered only to agents with a softphone", () => {
  it("an agent online without a softphone is not offered the call (nobody can take it: the transfer's no-answer path runs at once)", async () => {
    const created = await fx.server.store.users.createUser({ email: "walt@acme.test", name: "Walt", role: "agent", password: "agent password 1" });
    if (!created.ok) throw new Error(created.error.message);
    await fx.server.store.teams.addMember("support", created.value.id);
    const login = await fx.server.api("POST", "/api/auth/login", { email: "walt@acme.test", password: "agent password 1" }, { key: null });
    const token = /sb_session=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1] ?? "";
    const walt = await AgentClient.connect(`${fx.server.url.replace("http", "ws")}/ws/agent`, token);
    walt.startHeartbeats(5_000);
    await walt.next("snapshot");
    const call = await meta.call();
    try {
      const sessionId = await meta.sessionOfCall(call.from);
      await meta.reaches(sessionId, "main:waiting");
      await call.peer.sendDigits("1", { toneMs: 120 });
      await meta.reaches(sessionId, "to_agent:no_answer", 10_000);
      const offered = await walt.next("offer", () => true, 1_000).then(
        () => true,
        () => false,
      );
      expect(offered).toBe(false);
    } finally {
      await call.peer.close();
      await walt.close();
    }
  }, 90_000);
});

describe("an agent takes a WhatsApp call", () => {
  let agent: AgentClient;
  let softphone: WeriftPeer;
  let cookie = "";
  let wanda: SoftphoneAgent | undefined;

  beforeAll(async () => {
    // The team records its calls from the moment an agent joins.
    const recording = await fx.server.api("PATCH", "/api/teams/support", { recording: "agent" });
    expect(recording.status, recording.text).toBe(200);
    wanda = await softphoneAgent(fx.server, { email: "wanda@acme.test", name: "Wanda" });
    ({ cookie, socket: agent, softphone } = wanda);
  }, 60_000);
  afterAll(() => wanda?.close());

  it("the caller waits with hold music; accept bridges WhatsApp's Opus and the agent's softphone: each hears the other's tone, and the recording holds both", async () => {
    const { call, conversationId } = await meta.callForAgent(agent);
    try {
      await pollUntil(async () => (call.peer.receivedEnergy(400) > 0.01 && call.peer.toneLevel(1000) < 0.02 ? true : undefined), 10_000, () => `hold music at the caller: energy ${call.peer.receivedEnergy(400)}`);
      const accepted = await fetch(`${fx.server.url}/api/conversations/${conversationId}/accept`, { method: "POST", headers: { cookie, origin: fx.server.url } });
      expect(accepted.status, await accepted.text()).toBe(200);
      await pollUntil(async () => (call.peer.toneLevel(1000) > 0.1 && softphone.toneLevel(440) > 0.1 ? true : undefined), 5_000, () => `Meta hears 1000 at ${call.peer.toneLevel(1000)}, the agent hears 440 at ${softphone.toneLevel(440)}`);
      // The caller hangs up in WhatsApp: Meta's terminate ends the call; no terminate of ours.
      expect((await meta.post([terminateEvent(call.wacid, call.from, { duration: 9 })])).status).toBe(200);
      await pollUntil(async () => (meta.callRows(call.from)[0]?.state === "ended" ? true : undefined), 10_000, () => "the call did not end");
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept"]);
      // The recording (from the agent's join): WhatsApp's 440 Hz left, the agent's 1000 Hz right.
      const callId = meta.callRows(call.from)[0]?.id ?? "";
      const recorded = await pollUntil(
        async () => {
          const found = RecordingRow.parse(fx.server.store.database.sqlite.prepare("SELECT recording_path, recording_error, recording_mode FROM calls WHERE id = ?").get(callId));
          return found.recording_path !== null || found.recording_error !== null ? found : undefined;
        },
        30_000,
        () => "no recording",
      );
      expect(recorded).toMatchObject({ recording_mode: "agent", recording_error: null });
      const path = join(fx.server.dataDir, "recordings", recorded.recording_path ?? "");
      expect(recordedToneLevel(path, 0, 440)).toBeGreaterThan(0.05);
      expect(recordedToneLevel(path, 1, 1000)).toBeGreaterThan(0.05);
    } finally {
      await call.peer.close();
    }
  }, 90_000);
});

describe("no phone network on a WhatsApp call (MEDIA.md 5.7)", () => {
  it("inviting a phone or SIP participant into the call's room is refused with 409 pstn_not_allowed, and nobody is added", async () => {
    const call = await meta.call();
    try {
      const sessionId = await meta.sessionOfCall(call.from);
      await meta.reaches(sessionId, "main:waiting");
      await call.peer.sendDigits("1", { toneMs: 120 });
      const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(sessionId), 15_000, () => "no conversation for the call");
      for (const channel of ["twilio_voice", "sip_trunk"]) {
        const refused = await fx.server.api("POST", `/api/conversations/${conversation.id}/participants`, { channel, address: "+15550100", call: true });
        expect(refused.status, refused.text).toBe(409);
        expect(refused.body).toMatchObject({ error: { code: "pstn_not_allowed" } });
        expect(refused.text).toContain("WhatsApp");
      }
      // The room's system notes ("… was invited", the queue's) are not sent to the caller as WhatsApp messages.
      expect(fx.standIn.to(`/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/messages`).filter((request) => request.body.includes(call.from))).toEqual([]);
      const participants = z.array(z.unknown()).parse(fx.server.store.database.sqlite.prepare("SELECT id FROM conversation_participants WHERE conversation_id = ? AND channel IN ('twilio_voice', 'sip_trunk')").all(conversation.id));
      expect(participants).toEqual([]);
    } finally {
      await call.peer.close();
    }
  }, 60_000);
});

describe("bad calls", () => {
  it("a connect whose SDP is broken is rejected (Meta's reject action), nothing stored but the event, no call", async () => {
    const from = newUser();
    const wacid = newWacid();
    expect((await meta.post([connectEvent(wacid, from, "v=0\r\nthis is not an offer\r\n")], { from })).status).toBe(200);
    await pollUntil(async () => (meta.actionsFor(wacid).length > 0 ? true : undefined), 5_000, () => "no action");
    expect(meta.actionsFor(wacid).map((action) => action.action)).toEqual(["reject"]);
    expect(meta.callRows(from)).toEqual([]);
  });

  it("a connect without its SDP is refused (400 naming the field) and stores nothing", async () => {
    const inbound = (await fx.inboundCount());
    const body = callsPayload([{ id: newWacid(), from: newUser(), event: "connect", timestamp: nowSeconds(), direction: "USER_INITIATED" }]);
    const answer = await fx.post(whatsappPost(channelId, body));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("calls.0.session");
    expect((await fx.inboundCount())).toBe(inbound);
  });

  it("a second connect for the same call id (Meta's retry, even batched differently) gets no second answer: one pre_accept, one call, one session", async () => {
    const call = await meta.call();
    try {
      const again = connectEvent(call.wacid, call.from, call.peer.offerSdp);
      // The same event in a new delivery (another timestamp, so another body): deduped by the call id.
      expect((await meta.post([{ ...again, timestamp: String(Number(again.timestamp) + 1) }], { from: call.from })).status).toBe(200);
      const sessionId = await meta.sessionOfCall(call.from);
      await meta.reaches(sessionId, "main:waiting");
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept"]);
      expect(meta.callRows(call.from)).toHaveLength(1);
    } finally {
      await call.peer.close();
    }
  }, 60_000);

  it("media that never connects after pre_accept (Meta never reached us) is given up: our terminate, no accept, no session", async () => {
    const from = newUser();
    const wacid = newWacid();
    const peer = await WeriftPeer.offer({ shape: "meta" });
    try {
      expect((await meta.post([connectEvent(wacid, from, peer.offerSdp)], { from })).status).toBe(200);
      // Meta "loses" our answer: it never applies it, so ICE cannot complete.
      await pollUntil(async () => (meta.actionsFor(wacid).some((action) => action.action === "terminate") ? true : undefined), 40_000, () => `actions ${JSON.stringify(meta.actionsFor(wacid).map((a) => a.action))}`);
      expect(meta.actionsFor(wacid).map((action) => action.action)).toEqual(["pre_accept", "terminate"]);
      expect(meta.callRows(from)[0]).toMatchObject({ state: "ended", session_id: null, answered_at: null });
      console.log(`media never connected: ended with ${meta.callRows(from)[0]?.end_reason ?? "?"}`);
    } finally {
      await peer.close();
    }
  }, 60_000);

  it("a connect delivered after its call's terminate (webhooks out of order) is not answered", async () => {
    const from = newUser();
    const wacid = newWacid();
    const peer = await WeriftPeer.offer({ shape: "meta" });
    try {
      expect((await meta.post([terminateEvent(wacid, from, { status: "FAILED" })])).status).toBe(200);
      expect((await meta.post([connectEvent(wacid, from, peer.offerSdp)], { from })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(meta.actionsFor(wacid)).toEqual([]);
      expect(meta.callRows(from)).toEqual([]);
    } finally {
      await peer.close();
    }
  });

  it("an expired offer (the caller gave up long ago) is not answered: no action, no call", async () => {
    const from = newUser();
    const wacid = newWacid();
    const peer = await WeriftPeer.offer({ shape: "meta" });
    try {
      const old = String(Math.floor(Date.now() / 1000) - 600);
      expect((await meta.post([connectEvent(wacid, from, peer.offerSdp, old)], { from })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(meta.actionsFor(wacid)).toEqual([]);
      expect(meta.callRows(from)).toEqual([]);
      expect(fx.server.logs.some((line) => line.includes(wacid) && line.includes("not answered"))).toBe(true);
    } finally {
      await peer.close();
    }
  });

  it("a call to a channel whose calling is disabled is rejected", async () => {
    const res = await fx.server.api("PUT", `/api/channels/${channelId}`, { settings: { calling: { enabled: false, flowId: "voice-desk" } } });
    expect(res.status, res.text).toBe(200);
    try {
      const from = newUser();
      const wacid = newWacid();
      const peer = await WeriftPeer.offer({ shape: "meta" });
      try {
        expect((await meta.post([connectEvent(wacid, from, peer.offerSdp)], { from })).status).toBe(200);
        await pollUntil(async () => (meta.actionsFor(wacid).length > 0 ? true : undefined), 5_000, () => "no action");
        expect(meta.actionsFor(wacid).map((action) => action.action)).toEqual(["reject"]);
        expect(meta.callRows(from)).toEqual([]);
      } finally {
        await peer.close();
      }
    } finally {
      await fx.server.api("PUT", `/api/channels/${channelId}`, { settings: { calling: { enabled: true, flowId: "voice-desk" } } });
    }
  });

  it("business-initiated call statuses are stored without a step", async () => {
    const inbound = (await fx.inboundCount());
    const statuses = [{ id: newWacid(), type: "call", status: "RINGING", timestamp: nowSeconds(), recipient_id: newUser() }];
    expect((await meta.post([], { statuses })).status).toBe(200);
    expect((await fx.inboundCount())).toBe(inbound + 2);
  });
});
