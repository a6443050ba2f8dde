import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WeriftPeer } from "../../media/test-support/werift-peer";
import type { AgentClient } from "../../rooms/test-support/agent-client";
import { pollUntil } from "../../test-support/api-client";
import { whatsappCase } from "../conformance/chat-cases";
import { ChatFixture } from "../conformance/chat-fixture";
import { voiceDeskFlow } from "../webvoice/test-support/voice-desk-flow";
import { MetaCalling, terminateEvent } from "./test-support/meta-calling";
import { type SoftphoneAgent, softphoneAgent } from "../../rooms/test-support/softphone";

/**
 * A WhatsApp call whose media stops without Meta saying so (MEDIA.md 5.4, 5.7: "no audio, then
 * hang-up" is the commonest failure): Meta's peer vanishes (werift closed: no DTLS close, no
 * more RTP or consent answers) and no `terminate` webhook ever comes. The media plane's no-RTP
 * watchdog (`MEDIA_NO_RTP_SECONDS`, 2 s here instead of 30) ends the call; we send our
 * `terminate` to Graph, the session ends, the room is told why, and an agent on the call is taken
 * out. An RTCP BYE alone is not the end (MEDIA.md 5.3): the call goes on until Meta's terminate.
 */
const NO_RTP_SECONDS = 2;
const fx = new ChatFixture({ MEDIA_NO_RTP_SECONDS: String(NO_RTP_SECONDS) });
let channelId = "";
const meta = new MetaCalling(fx, () => channelId);

const waitFor = (what: () => boolean, describe: () => string, ms = 10_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 25);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await fx.start();
  // The menu waits long enough that only lost media can end a call in these tests.
  await fx.publish(voiceDeskFlow("voice-desk", { menuTimeoutSeconds: 60 }));
  channelId = await fx.channel({ ...whatsappCase(), settings: { calling: { enabled: true, flowId: "voice-desk" } } }, "voice-desk");
}, 60_000);
afterAll(() => fx.stop());

describe("a WhatsApp call whose media is lost without a terminate", () => {
  it("ends after the no-RTP timeout: our terminate to Graph, the call row says no_rtp, the session ends", async () => {
    const call = await meta.call();
    try {
      call.peer.play(440);
      const sessionId = await meta.sessionOfCall(call.from);
      await meta.reaches(sessionId, "main:waiting");
      await waitFor(() => call.peer.receivedEnergy(300) > 0.01, () => "Meta hears no prompt");

      const lostAt = performance.now();
      await call.peer.close(); // Meta's side is gone: no RTP, no consent answers, no DTLS close, no webhook
      await pollUntil(async () => (meta.actionsFor(call.wacid).some((action) => action.action === "terminate") ? true : undefined), 15_000, () => `no terminate: ${JSON.stringify(meta.actionsFor(call.wacid).map((a) => a.action))}`);
      const tookMs = performance.now() - lostAt;
      expect(tookMs).toBeGreaterThan(NO_RTP_SECONDS * 1000 - 100);
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept", "terminate"]);
      await waitFor(() => meta.callRows(call.from)[0]?.state === "ended", () => `call ${JSON.stringify(meta.callRows(call.from))}`);
      expect(meta.callRows(call.from)[0]).toMatchObject({ end_reason: "no_rtp", hung_up_by: "system" });
      const session = await pollUntil(async () => {
        const found = await fx.server.store.sessions.getSession(sessionId);
        return found?.status === "ended" ? found : undefined;
      }, 10_000, () => "the session did not end");
      expect(session.status).toBe("ended");
      expect(session.endReason).toBe("failed"); // the caller did not hang up: their connection was lost
      expect(fx.server.logs.some((line) => line.includes(call.wacid) && line.includes("no_rtp"))).toBe(true);
    } finally {
      await call.peer.close();
    }
  }, 60_000);

  it("an RTCP BYE alone does not end it: the call and its flow go on past the no-RTP timeout, with no terminate of ours, until Meta's terminate", async () => {
    const call = await meta.call();
    try {
      call.peer.play(440);
      const sessionId = await meta.sessionOfCall(call.from);
      await meta.reaches(sessionId, "main:waiting");
      await call.peer.sendRtcpBye();
      await sleep(NO_RTP_SECONDS * 1000 * 2);
      expect(meta.callRows(call.from)[0]?.state).not.toBe("ended");
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept"]);
      expect((await fx.server.store.sessions.getSession(sessionId))?.status).not.toBe("ended");
      // The call still carries audio both ways: the flow takes a key after the BYE.
      await call.peer.sendDigits("2", { toneMs: 120 });
      await meta.reaches(sessionId, "account:waiting");

      expect((await meta.post([terminateEvent(call.wacid, call.from, { duration: 7 })])).status).toBe(200);
      await waitFor(() => meta.callRows(call.from)[0]?.state === "ended", () => "the call did not end on Meta's terminate");
      expect(meta.callRows(call.from)[0]).toMatchObject({ end_reason: "hangup", hung_up_by: "caller" });
      await sleep(300);
      expect(meta.actionsFor(call.wacid).map((action) => action.action)).toEqual(["pre_accept", "accept"]);
    } finally {
      await call.peer.close();
    }
  }, 60_000);
});

describe("an agent on a WhatsApp call whose media is lost", () => {
  let agent: AgentClient;
  let softphone: WeriftPeer;
  let cookie = "";
  let userId = "";
  let lena: SoftphoneAgent | undefined;

  beforeAll(async () => {
    lena = await softphoneAgent(fx.server, { email: "lena@acme.test", name: "Lena" });
    ({ userId, cookie, socket: agent, softphone } = lena);
  }, 60_000);
  afterAll(() => lena?.close());

  it("is taken out when the call ends: the room is told the caller's connection was lost, the agent's stay ends, the softphone stays connected", async () => {
    const { call, conversationId } = await meta.callForAgent(agent);
    try {
      const accepted = await fetch(`${fx.server.url}/api/conversations/${conversationId}/accept`, { method: "POST", headers: { cookie, origin: fx.server.url } });
      expect(accepted.status, await accepted.text()).toBe(200);
      await waitFor(() => call.peer.toneLevel(1000) > 0.1 && softphone.toneLevel(440) > 0.1, () => `Meta hears 1000 at ${call.peer.toneLevel(1000)}, the agent hears 440 at ${softphone.toneLevel(440)}`);
      const callId = meta.callRows(call.from)[0]?.id ?? "";
      expect(fx.server.media.callAgents.agentsOn(callId)).toEqual([userId]);

      await call.peer.close();
      const note = await agent.next("message", (frame) => frame.conversationId === conversationId && frame.message.kind === "system" && /no audio arrived from the caller/.test(frame.message.body), 15_000);
      expect(note.message.body).toMatch(/connection was lost/);
      await waitFor(() => meta.actionsFor(call.wacid).some((action) => action.action === "terminate"), () => "no terminate of ours");
      expect(meta.callRows(call.from)[0]).toMatchObject({ state: "ended", end_reason: "no_rtp" });
      await fx.server.media.callAgents.settled();
      expect(fx.server.media.callAgents.agentsOn(callId)).toEqual([]);
      const stays = await fx.server.store.calls.agentsOf([callId]);
      expect(stays.get(callId)?.map((stay) => ({ userId: stay.userId, left: stay.leftAt !== null }))).toEqual([{ userId, left: true }]);
      // The softphone is free for the next call: connected, and nothing of the lost caller on it.
      await waitFor(() => softphone.toneLevel(440) < 0.02, () => `the softphone still hears 440 at ${softphone.toneLevel(440)}`);
      expect(fx.server.media.agentLegs.ready(userId)).toBeDefined();
    } finally {
      await call.peer.close();
    }
  }, 90_000);
});
