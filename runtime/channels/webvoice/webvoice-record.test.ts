import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { WebvoiceClient } from "./test-support/webvoice-client";

/**
 * A record node on the media plane (browser voice): the media plane does not record voicemails
 * yet, so the node takes no_audio at once (the step's logged note says why) instead of keeping the caller in silence
 * until its timer.
 */

const SHOP = "http://shop.example.test:8080";
let server: TestServer;
let channelId = "";

beforeAll(async () => {
  server = await startTestServer();
  const flow = {
    schemaVersion: 1,
    id: "web-voicemail",
    name: "Web voicemail",
    entry: "leave_message",
    nodes: [
      { id: "leave_message", type: "record", position: { x: 0, y: 0 }, data: { prompt: { text: "Leave a message." }, maxLengthSeconds: 600, silenceTimeoutSeconds: 30 } },
      { id: "recorded", type: "hangup", position: { x: -200, y: 200 }, data: { prompt: { text: "Thanks." } } },
      { id: "nothing", type: "hangup", position: { x: 200, y: 200 }, data: { prompt: { text: "We could not record you. Goodbye." } } },
    ],
    edges: [
      { id: "e1", source: "leave_message", sourceHandle: "recorded", target: "recorded" },
      { id: "e2", source: "leave_message", sourceHandle: "no_audio", target: "nothing" },
    ],
  };
  expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
  expect((await server.api("POST", "/api/flows/web-voicemail/publish", { note: "v1" })).status).toBe(201);
  const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "web-voicemail", settings: { allowedOrigins: [SHOP] } });
  expect(channel.status, channel.text).toBe(201);
  channelId = z.object({ id: z.string() }).parse(channel.body).id;
});
afterAll(() => server.close());

describe("record on browser voice", () => {
  it("takes no_audio at once (not after its ten-minute timer)", async () => {
    const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), SHOP);
    if (!opened.ok) throw new Error(`socket refused: ${opened.status}`);
    const { client } = opened;
    await client.next("ready");
    const peer = await WeriftPeer.offer();
    client.send({ type: "call", sdp: peer.offerSdp, visitor: "visitor_0123456789" });
    const answer = await client.next("answer");
    await peer.applyAnswer(answer.sdp);
    await client.next("connected", () => true, 30_000);
    try {
      const steps = await pollUntil(
        async () => {
          const row = z.object({ session_id: z.string().nullable() }).parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls WHERE id = ?").get(answer.callId));
          if (row.session_id === null) return undefined;
          const listed = await server.store.sessions.listSteps(row.session_id);
          return listed.some((step) => step.nodeId === "nothing") ? listed : undefined;
        },
        15_000,
        () => "the no_audio path",
      );
      expect(steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toEqual(["leave_message:waiting", "leave_message:no_audio", "nothing:ended"]);
    } finally {
      client.close();
      await peer.close();
    }
  });
});
