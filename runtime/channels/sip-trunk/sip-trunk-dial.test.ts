import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { RtpPeer } from "../../media/test-support/rtp-peer";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import type { FlowJson } from "../../test-support/example-flows";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { webvoiceSocketUrl } from "../webvoice/webvoice-driver";
import { WebvoiceClient } from "../webvoice/test-support/webvoice-client";
import { describeSipp, killAllSipp, scenario, sippMessages, startSipp, type SippOptions, type SippResult } from "./test-support/sipp";

/**
 * A dial node on a media-plane call (a browser voice caller, werift), placed through a SIP trunk
 * whose carrier is sipp on 127.0.0.1; where the dialled party answers, its audio is a plain RTP
 * peer named in sipp's SDP. Each side's tone is measured on the other's decoded audio.
 */

const SHOP = "http://shop.example.test:8080";
const CALLER_TONE = 600;
const FAR_END_TONE = 1000;
const HEARD = 0.05;
const at = { x: 0, y: 0 };
const DIALLED = "+15550100400";
const CALLER_ID = "+15550100999";

type DialOptions = { to?: string; timeoutSeconds?: number; timeLimitSeconds?: number; record?: boolean };

/** The dial node first, each of its handles to a hang-up of its own (so the path says which was taken). */
function dialFlow(id: string, dial: DialOptions): FlowJson {
  const handles = ["completed", "busy", "no_answer", "failed"];
  return {
    schemaVersion: 1,
    id,
    name: `Dial ${id}`,
    entry: "forward",
    nodes: [
      { id: "forward", type: "dial", position: at, data: { to: dial.to ?? DIALLED, callerId: CALLER_ID, timeoutSeconds: dial.timeoutSeconds ?? 30, timeLimitSeconds: dial.timeLimitSeconds ?? 3600, record: dial.record ?? false, storeAs: "forward" } },
      ...handles.map((handle) => ({ id: `after_${handle}`, type: "hangup", position: at, data: {} })),
    ],
    edges: handles.map((handle) => ({ id: `e_${handle}`, source: "forward", sourceHandle: handle, target: `after_${handle}` })),
    variables: {},
    settings: { language: "en-US", channels: ["voice"] },
  };
}

const SessionRow = z.object({ session_id: z.string().nullable() });
const DialResult = z.object({ status: z.string(), durationSeconds: z.number(), reason: z.string().optional() });

describe("dial on a media-plane call, through a SIP trunk", () => {
  let server: TestServer;
  let flows = 0;
  const trunks: string[] = [];
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  }, 30_000);
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    await killAllSipp();
    for (const trunkId of trunks.splice(0)) await server.api("PUT", `/api/channels/${trunkId}`, { enabled: false });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A published dial flow on a browser voice channel, sipp as the trunk's carrier, and the caller connected with their tone playing. */
  async function dialling(dial: DialOptions, carrier: Pick<SippOptions, "scenario" | "keys" | "pauseMs">) {
    flows += 1;
    const flowId = `dial-out-${flows}`;
    expect((await server.api("POST", "/api/flows", dialFlow(flowId, dial))).status).toBe(201);
    expect((await server.api("POST", `/api/flows/${flowId}/publish`, { note: "v1" })).status).toBe(201);
    const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: `Site ${flowId}`, flowId, settings: { allowedOrigins: [SHOP] } });
    expect(channel.status, channel.text).toBe(201);
    const channelId = z.object({ id: z.string() }).parse(channel.body).id;

    const sipp = await startSipp({ ...carrier, timeoutMs: 40_000 });
    await sipp.ready();
    const trunk = await server.api("POST", "/api/channels", { type: "sip_trunk", name: `Carrier ${sipp.port}`, flowId, settings: { domain: sipp.address, inboundAddresses: ["127.0.0.1"], transport: "udp", optionsKeepalive: false } });
    expect(trunk.status, trunk.text).toBe(201);
    trunks.push(z.object({ id: z.string() }).parse(trunk.body).id);

    const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), SHOP);
    if (!opened.ok) throw new Error(`socket refused: ${opened.status}`);
    const { client } = opened;
    closers.push(() => client.close());
    await client.next("ready");
    const caller = await WeriftPeer.offer();
    closers.push(() => caller.close());
    client.send({ type: "call", sdp: caller.offerSdp, visitor: "visitor_0123456789" });
    const answer = await client.next("answer");
    await caller.applyAnswer(answer.sdp);
    await client.next("connected", () => true, 30_000);
    caller.play(CALLER_TONE);
    const sessionId = await pollUntil(async () => SessionRow.parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls WHERE id = ?").get(answer.callId)).session_id ?? undefined, 15_000, () => "the caller's call has no session");
    return { sipp, client, caller, callId: answer.callId, sessionId };
  }

  /** The steps the session took, once `until` is among them. */
  async function pathUntil(sessionId: string, until: string, ms = 30_000): Promise<string[]> {
    let path: string[] = [];
    await pollUntil(
      async () => {
        path = (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
        return path.includes(until) ? true : undefined;
      },
      ms,
      () => `path ${path.join(" ")}`,
    );
    return path;
  }

  async function dialResult(sessionId: string) {
    const session = await server.store.sessions.getSession(sessionId);
    return DialResult.parse(z.object({ nodes: z.record(z.string(), z.unknown()) }).parse(session?.state).nodes.forward);
  }

  /** The dialled call (the trunk's outbound row) ended, and nothing of the dial is left running. */
  async function nothingLeft(): Promise<void> {
    await pollUntil(async () => (server.media.calls.dialsActive === 0 && server.media.calls.liveByChannelType().size === 0 ? true : undefined), 10_000, () => `still live: ${server.media.calls.dialsActive} dial(s), ${JSON.stringify([...server.media.calls.liveByChannelType()])}`);
  }

  const received = (result: SippResult, method: string) => sippMessages(result.messages).filter((message) => message.direction === "received" && message.startLine.startsWith(`${method} `));

  /** The dialled party's audio: an RTP peer sipp's SDP names; it plays its tone back to where our packets come from. */
  async function farEnd() {
    const peer = await RtpPeer.open();
    closers.push(() => peer.close());
    void pollUntil(async () => peer.received[0]?.from.port, 20_000, () => "no RTP reached the dialled party")
      .then((port) => peer.playTone(FAR_END_TONE, port))
      .catch(() => undefined);
    return peer;
  }

  it("rings (the caller hears ringback), then each side hears the other; the dialled party's BYE is completed with its duration", async () => {
    const peer = await farEnd();
    const { sipp, caller, sessionId } = await dialling({}, { scenario: { file: scenario("uas-ring-answer-rtp-hangup") }, keys: { rtp_port: String(peer.port) }, pauseMs: 7000 });
    const ringback = () => Math.min(caller.toneLevel(440, 400), caller.toneLevel(480, 400));
    await pollUntil(async () => (ringback() > HEARD ? true : undefined), 10_000, () => `no ringback at the caller: ${ringback().toFixed(3)}`, 25);
    await pollUntil(async () => (peer.toneLevel(CALLER_TONE, 400) > HEARD ? true : undefined), 8_000, () => `the caller's tone did not reach the dialled party: ${peer.toneLevel(CALLER_TONE, 400).toFixed(3)}`, 50);
    await pollUntil(async () => (caller.toneLevel(FAR_END_TONE, 400) > HEARD ? true : undefined), 8_000, () => `the dialled party's tone did not reach the caller: ${caller.toneLevel(FAR_END_TONE, 400).toFixed(3)}`, 50);
    expect(ringback()).toBeLessThan(HEARD);

    const path = await pathUntil(sessionId, "forward:completed");
    expect(path).toEqual(["forward:waiting", "forward:completed", "after_completed:ended"]);
    const result = await dialResult(sessionId);
    expect(result.status).toBe("completed");
    // sipp stays on 7 s after its ACK.
    expect(result.durationSeconds).toBeGreaterThanOrEqual(6);
    expect(result.durationSeconds).toBeLessThanOrEqual(10);
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    const invite = received(done, "INVITE")[0];
    expect(invite?.startLine).toBe(`INVITE sip:${DIALLED}@${sipp.address} SIP/2.0`);
    expect(invite?.text).toContain(`sip:${CALLER_ID}@`);
    await nothingLeft();
  }, 60_000);

  it("the time limit hangs the dialled party up (our BYE): completed; a node that records leaves the caller's call a recording", async () => {
    const peer = await farEnd();
    const { sipp, callId, sessionId } = await dialling({ timeLimitSeconds: 3, record: true }, { scenario: { file: scenario("uas-ring-answer-rtp") }, keys: { rtp_port: String(peer.port) } });
    const path = await pathUntil(sessionId, "forward:completed");
    expect(path).toEqual(["forward:waiting", "forward:completed", "after_completed:ended"]);
    const result = await dialResult(sessionId);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(2);
    expect(result.durationSeconds).toBeLessThanOrEqual(5);
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(received(done, "BYE")).toHaveLength(1);
    const row = await pollUntil(async () => {
      const call = await server.store.calls.get(callId);
      return call?.recordingPath !== null && call?.recordingMs !== null ? call : undefined;
    }, 15_000, () => "the caller's call has no recording");
    expect(row.recordingError).toBeNull();
    expect(existsSync(join(server.dataDir, "recordings", row.recordingPath ?? ""))).toBe(true);
    await nothingLeft();
  }, 60_000);

  it("the caller hanging up while connected sends BYE to the dialled party", async () => {
    const peer = await farEnd();
    const { sipp, client, sessionId } = await dialling({}, { scenario: { file: scenario("uas-ring-answer-rtp") }, keys: { rtp_port: String(peer.port) } });
    await pollUntil(async () => (peer.toneLevel(CALLER_TONE, 400) > HEARD ? true : undefined), 15_000, () => "the dial did not connect", 50);
    client.send({ type: "hangup" });
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(received(done, "BYE")).toHaveLength(1);
    const path = await pathUntil(sessionId, "forward:waiting");
    expect(path).not.toContain("forward:completed");
    await nothingLeft();
  }, 60_000);

  it("busy: 486 takes the busy handle", async () => {
    const { sipp, sessionId } = await dialling({}, { scenario: { file: scenario("uas-busy") } });
    const path = await pathUntil(sessionId, "forward:busy");
    expect(path).toEqual(["forward:waiting", "forward:busy", "after_busy:ended"]);
    expect(await dialResult(sessionId)).toMatchObject({ status: "busy", durationSeconds: 0 });
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    await nothingLeft();
  }, 60_000);

  it("declined: 603 takes the busy handle too (as Twilio's <Dial> reports a declined call)", async () => {
    const { sipp, sessionId } = await dialling({}, { scenario: { file: scenario("uas-decline") } });
    const path = await pathUntil(sessionId, "forward:busy");
    expect(path).toEqual(["forward:waiting", "forward:busy", "after_busy:ended"]);
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    await nothingLeft();
  }, 60_000);

  it("no answer: after the node's timeout the call is cancelled (sipp sees CANCEL) and no_answer is taken", async () => {
    const { sipp, sessionId } = await dialling({ timeoutSeconds: 5 }, { scenario: { file: scenario("uas-no-answer") } });
    const started = Date.now();
    const path = await pathUntil(sessionId, "forward:no_answer");
    expect(Date.now() - started).toBeGreaterThan(3_000);
    expect(path).toEqual(["forward:waiting", "forward:no_answer", "after_no_answer:ended"]);
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(received(done, "CANCEL")).toHaveLength(1);
    await nothingLeft();
  }, 60_000);

  it("failed: a 503 from the carrier takes failed, and the reason names it", async () => {
    const { sessionId } = await dialling({}, { scenario: { file: scenario("uas-unavailable") } });
    const path = await pathUntil(sessionId, "forward:failed");
    expect(path).toEqual(["forward:waiting", "forward:failed", "after_failed:ended"]);
    const result = await dialResult(sessionId);
    expect(result.reason).toContain("503 Service Unavailable");
    await nothingLeft();
  }, 60_000);

  it("failed at once for a `to` that is neither a number nor a SIP address, saying so; nothing is sent", async () => {
    const { sipp, sessionId } = await dialling({ to: "the engineer" }, { scenario: { file: scenario("uas-busy") } });
    const path = await pathUntil(sessionId, "forward:failed");
    expect(path).toEqual(["forward:waiting", "forward:failed", "after_failed:ended"]);
    expect((await dialResult(sessionId)).reason).toBe('the call to the engineer could not be placed: "the engineer" is neither a phone number nor a sip: address');
    const done = await sipp.kill();
    expect(received(done, "INVITE")).toHaveLength(0);
    await nothingLeft();
  }, 60_000);

  it("a SIP caller's dial goes out through the trunk they called in on, not the first one", async () => {
    flows += 1;
    const flowId = `dial-out-${flows}`;
    expect((await server.api("POST", "/api/flows", dialFlow(flowId, {}))).status).toBe(201);
    expect((await server.api("POST", `/api/flows/${flowId}/publish`, { note: "v1" })).status).toBe(201);
    const elsewhere = await server.api("POST", "/api/channels", { type: "sip_trunk", name: "Elsewhere", flowId, settings: { domain: "127.0.0.1:9", inboundAddresses: ["127.0.0.1"], numbers: ["+15550100601"], transport: "udp", optionsKeepalive: false } });
    expect(elsewhere.status, elsewhere.text).toBe(201);
    const elsewhereId = z.object({ id: z.string() }).parse(elsewhere.body).id;
    trunks.push(elsewhereId);
    const farEndCarrier = await startSipp({ scenario: { file: scenario("uas-busy") }, timeoutMs: 40_000 });
    await farEndCarrier.ready();
    const own = await server.api("POST", "/api/channels", { type: "sip_trunk", name: "Own", flowId, settings: { domain: farEndCarrier.address, inboundAddresses: ["127.0.0.1"], numbers: ["+15550100600"], transport: "udp", optionsKeepalive: false } });
    expect(own.status, own.text).toBe(201);
    trunks.push(z.object({ id: z.string() }).parse(own.body).id);
    const sipPort = await pollUntil(async () => (server.sipTrunks?.directory.channels.length === 2 ? server.sipTrunks.ports?.udp : undefined), 5_000, () => "the trunks are not up");
    expect(server.sipTrunks?.directory.channels[0]?.id).toBe(elsewhereId);

    const callerCarrier = await startSipp({ scenario: { file: scenario("uac-wait-bye") }, remote: `127.0.0.1:${sipPort}`, service: "+15550100600", timeoutMs: 40_000 });
    const callerDone = await callerCarrier.result;
    expect(callerDone.code, describeSipp(callerDone)).toBe(0);
    const farEndDone = await farEndCarrier.result;
    expect(farEndDone.code, describeSipp(farEndDone)).toBe(0);
    const sessionId = z.object({ session_id: z.string() }).parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls WHERE channel_id = ? AND direction = 'inbound'").get(z.object({ id: z.string() }).parse(own.body).id)).session_id;
    expect(await pathUntil(sessionId, "forward:busy")).toEqual(["forward:waiting", "forward:busy", "after_busy:ended"]);
    await nothingLeft();
  }, 60_000);

  it("the caller hanging up while it rings cancels the INVITE (sipp sees CANCEL long before the timeout)", async () => {
    const { sipp, client, caller, sessionId } = await dialling({ timeoutSeconds: 60 }, { scenario: { file: scenario("uas-no-answer") } });
    // Ringback at the caller: the 180 came.
    await pollUntil(async () => (Math.min(caller.toneLevel(440, 400), caller.toneLevel(480, 400)) > HEARD ? true : undefined), 10_000, () => "no ringback at the caller", 25);
    const hungUp = Date.now();
    client.send({ type: "hangup" });
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    expect(received(done, "CANCEL")).toHaveLength(1);
    expect(Date.now() - hungUp).toBeLessThan(10_000);
    const session = await pollUntil(async () => {
      const found = await server.store.sessions.getSession(sessionId);
      return found?.status === "ended" ? found : undefined;
    }, 10_000, () => "the session did not end");
    expect(session.status).toBe("ended");
    await nothingLeft();
  }, 60_000);
});
