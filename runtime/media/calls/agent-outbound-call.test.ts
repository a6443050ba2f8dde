import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAudioServices } from "../../audio/audio-services";
import { RoomsFixture } from "../../rooms/test-support/rooms-fixture";
import { pollUntil } from "../../test-support/api-client";
import { DtmfReceiver } from "../dtmf/dtmf-receiver";
import { readMediaConfig } from "../media-config";
import { createMediaServices, type MediaServices } from "../media-services";
import { RtpPeer, sipSdp } from "../test-support/rtp-peer";
import { WeriftPeer } from "../test-support/werift-peer";

/**
 * An agent's outbound call on the media plane, as the sip_trunk channel drives it through
 * MediaCalls: the real media process, rooms and SQLite, the agent's softphone a werift peer, the
 * far end a plain RTP peer answering our SDP offer. The agent hears ringback (the shipped 440 +
 * 480 Hz tone) while the far end rings, the far end's early media replaces it, and after the
 * answer the agent's keypad keys reach the far end as RFC 4733 events on the PT its SDP gave.
 */

const HEARD = 0.05;
const QUIET = 0.01;
const FAR_END_TONE = 1000;
const waitFor = <T>(what: () => T | undefined, describe: () => string, ms = 8_000) => pollUntil(async () => what(), ms, describe, 25);

let fixture: RoomsFixture;
let media: MediaServices;
let dataDir: string;
const logs: string[] = [];
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  fixture = await RoomsFixture.open();
  dataDir = mkdtempSync(join(tmpdir(), "switchboard-outbound-"));
  const audio = await createAudioServices(fixture.store, dataDir, (line) => logs.push(line));
  media = await createMediaServices({
    store: fixture.store,
    runner: fixture.runner,
    rooms: fixture.rooms,
    audio,
    loadFlow: () => undefined,
    dataDir,
    log: (line) => logs.push(line),
    config: readMediaConfig({ MEDIA_BIND_ADDRESS: "127.0.0.1", RTP_PORT_MIN: "41000", RTP_PORT_MAX: "41999" }),
  });
  await fixture.store.channels.createChannel({ id: "trunk", type: "sip_trunk", name: "Trunk", flowId: "desk", credentials: "", settings: {}, enabled: true, status: "active" });
}, 30_000);

afterEach(async () => {
  for (const close of closers.splice(0)) await close().catch(() => undefined);
});

afterAll(async () => {
  await media?.close();
  await fixture?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An agent with a connected softphone, a conversation opened for their call, the call placed (our offer) and attached to it. */
async function placeCall(name: string) {
  const agentId = await fixture.agent(name);
  const softphone = await WeriftPeer.offer();
  closers.push(() => softphone.close());
  const connected = await media.agentLegs.connect(agentId, softphone.offerSdp);
  await softphone.applyAnswer(connected.answerSdp);
  await waitFor(() => media.agentLegs.ready(agentId), () => `${name}'s softphone did not connect`);
  const conversation = await fixture.rooms.openOutbound(fixture.actor(agentId), { channelType: "sip_trunk", channelId: "trunk", contact: "+15550100" });
  const placed = await media.calls.placeOutbound({ channel: { id: "trunk", type: "sip_trunk", flowId: "desk" }, from: "+15550199", to: "+15550100", codecs: ["PCMU", "PCMA"], mode: "agent" });
  const call = media.calls.get(placed.callId);
  if (call === undefined) throw new Error("the call is not live");
  media.callAgents.attachOutbound(conversation, call);
  await media.callAgents.settled();
  const farEnd = await RtpPeer.open();
  closers.push(() => farEnd.close());
  closers.push(() => media.calls.hangup(placed.callId, "agent"));
  return { callId: placed.callId, softphone, farEnd, ourPort: sipSdp(placed.offerSdp).port };
}

const ringbackLevel = (softphone: WeriftPeer) => Math.min(softphone.toneLevel(440, 400), softphone.toneLevel(480, 400));
const levels = (softphone: WeriftPeer) => `440 Hz ${softphone.toneLevel(440, 400).toFixed(3)}, 480 Hz ${softphone.toneLevel(480, 400).toFixed(3)}, far end ${softphone.toneLevel(FAR_END_TONE, 400).toFixed(3)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an agent's outbound call: ringback, early media, the answer, keys to the far end", () => {
  it("the agent hears ringback while it rings; the far end's early media replaces it; after the answer keys reach the far end on its telephone-event PT", async () => {
    const { callId, softphone, farEnd, ourPort } = await placeCall("Ann");
    // Before the far end rings: nothing (the call's leg does not exist until its SDP comes).
    await sleep(500);
    expect(ringbackLevel(softphone)).toBeLessThan(QUIET);

    media.calls.ringing(callId);
    await waitFor(() => (ringbackLevel(softphone) > HEARD ? true : undefined), () => `no ringback at the agent: ${levels(softphone)}`);

    // 183 with SDP: the far end plays its own audio (a 1000 Hz tone), on telephone-event PT 100.
    const farEndSdp = farEnd.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }, { payloadType: 100, encoding: "telephone-event/8000" }], extra: ["a=fmtp:100 0-15"] });
    farEnd.playTone(FAR_END_TONE, ourPort);
    await media.calls.remoteSdp(callId, farEndSdp);
    await waitFor(() => (softphone.toneLevel(FAR_END_TONE, 400) > HEARD && ringbackLevel(softphone) < QUIET ? true : undefined), () => `early media did not replace ringback: ${levels(softphone)}`);
    // A 180 after early media does not bring ringback back.
    media.calls.ringing(callId);
    await sleep(600);
    expect(ringbackLevel(softphone)).toBeLessThan(QUIET);

    // 200 OK repeats the SDP; the call is answered.
    await media.calls.remoteSdp(callId, farEndSdp);
    media.calls.answered(callId);
    await sleep(600);
    expect(ringbackLevel(softphone)).toBeLessThan(QUIET);
    await waitFor(() => (softphone.toneLevel(FAR_END_TONE, 400) > HEARD ? true : undefined), () => `answered: the far end is not heard: ${levels(softphone)}`);

    // The agent's keypad: keys as RFC 4733 on PT 100 (from the far end's SDP), each once.
    const heard: string[] = [];
    const receiver = new DtmfReceiver((digit) => heard.push(digit));
    const since = farEnd.received.length;
    await media.calls.sendDigits(callId, "42#");
    await waitFor(() => (farEnd.received.slice(since).filter((item) => item.packet.payloadType === 100 && ((item.packet.payload[1] ?? 0) & 0x80) !== 0).length === 9 ? true : undefined), () => "not every key's end packets arrived");
    for (const item of farEnd.received.slice(since)) if (item.packet.payloadType === 100) receiver.receive(item.packet);
    expect(heard.join("")).toBe("42#");
    expect(farEnd.received.some((item) => item.packet.payloadType === 101)).toBe(false);
    await expect(media.calls.sendDigits(callId, "4x")).rejects.toMatchObject({ code: "invalid_digits" });
  }, 60_000);

  it("ringback stops when the far end is not answered (the agent hears nothing after)", async () => {
    const { callId, softphone } = await placeCall("Bob");
    media.calls.ringing(callId);
    await waitFor(() => (ringbackLevel(softphone) > HEARD ? true : undefined), () => `no ringback at the agent: ${levels(softphone)}`);
    await media.calls.notAnswered(callId, "no_answer");
    await media.callAgents.settled();
    await waitFor(() => (ringbackLevel(softphone) < QUIET ? true : undefined), () => `ringback goes on after the call ended: ${levels(softphone)}`, 3_000);
    await sleep(600);
    expect(ringbackLevel(softphone)).toBeLessThan(QUIET);
  }, 60_000);
});
