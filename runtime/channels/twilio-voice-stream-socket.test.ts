import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../test-support/api-client";
import { alwaysOpenSupportLine } from "../test-support/example-flows";
import { TwilioStreamClient } from "../media/test-support/twilio-stream-client";
import { newCallSid, TEST_ACCOUNT } from "./test-support/fake-twilio";
import { PUBLIC_URL, VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
let channelId = "";
const waitFor = (what: () => boolean, describe: () => string, ms = 8_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 25);

/** Where the test connects, and the URL Twilio signs (PUBLIC_URL with the wss scheme). */
const socketUrl = (id: string) => `${fx.server.url.replace(/^http/, "ws")}/media/twilio/${id}`;
const signedUrl = (id: string) => `${PUBLIC_URL.replace(/^https/, "wss")}/media/twilio/${id}`;

async function openStream(id = channelId): Promise<TwilioStreamClient> {
  const opened = await TwilioStreamClient.open(socketUrl(id), signedUrl(id), TEST_ACCOUNT.authToken);
  if (!opened.ok) throw new Error(`refused: ${opened.status} ${opened.body}`);
  return opened.client;
}

beforeAll(async () => {
  await fx.start();
  await fx.publish(alwaysOpenSupportLine("stream-line"));
  channelId = await fx.channel("stream-line");
});
afterAll(async () => {
  await fx.stop();
});

describe("GET /media/twilio/:channelId (Twilio Media Streams)", () => {
  it("refuses an upgrade whose X-Twilio-Signature is wrong with 403 before the upgrade: another token, or the https URL instead of wss", async () => {
    const otherToken = await TwilioStreamClient.open(socketUrl(channelId), signedUrl(channelId), "0".repeat(32));
    // @hono/node-ws answers a refused upgrade with its status line only (no body).
    expect(otherToken.ok ? 101 : otherToken.status).toBe(403);
    const httpsSigned = await TwilioStreamClient.open(socketUrl(channelId), `${PUBLIC_URL}/media/twilio/${channelId}`, TEST_ACCOUNT.authToken);
    expect(httpsSigned.ok ? 101 : httpsSigned.status).toBe(403);
    const unsigned = await TwilioStreamClient.open(socketUrl(channelId), signedUrl(channelId), TEST_ACCOUNT.authToken, "");
    expect(unsigned.ok ? 101 : unsigned.status).toBe(403);
    const unknown = await TwilioStreamClient.open(socketUrl("nope"), signedUrl("nope"), TEST_ACCOUNT.authToken);
    expect(unknown.ok ? 101 : unknown.status).toBe(404);
  });

  it("closes a stream whose start does not name a call we connected (1008), and takes a token once", async () => {
    const callSid = newCallSid();
    const stranger = await openStream();
    stranger.start(callSid, { callSid, conversationId: "c1", token: "made-up-token-0123456789" });
    await waitFor(() => stranger.closedWith !== undefined, () => "still open");
    expect(stranger.closedWith?.code).toBe(1008);

    const parameters = fx.server.media.streams.expect(channelId, callSid, "c1");
    const first = await openStream();
    first.start(callSid, parameters);
    await waitFor(() => first.frames.length >= 5, () => `${first.frames.length} frames`);
    const replay = await openStream();
    replay.start(callSid, parameters);
    await waitFor(() => replay.closedWith !== undefined, () => "the replayed token was taken");
    expect(replay.closedWith?.code).toBe(1008);
    first.close();
  });

  it("an expected stream gets paced μ-law frames; its stop ends the leg and we close the socket", async () => {
    const callSid = newCallSid();
    const client = await openStream();
    client.start(callSid, fx.server.media.streams.expect(channelId, callSid, "c2"));
    client.playTone(440);
    await waitFor(() => client.frames.length >= 25, () => `${client.frames.length} frames`);
    expect(client.frames.every((frame) => frame.length === 160)).toBe(true);
    const legsBefore = (await fx.server.media.plane.stats())?.legs ?? 0;
    expect(legsBefore).toBeGreaterThanOrEqual(1);
    client.stop(callSid);
    await waitFor(() => client.closedWith !== undefined, () => "socket still open after stop");
    expect(client.closedWith?.code).toBe(1000);
    expect((await fx.server.media.plane.stats())?.legs).toBe(legsBefore - 1);
  });
});
