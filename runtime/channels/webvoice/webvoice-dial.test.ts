import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { NO_SIP_TRUNK } from "../../media/calls/call-dials";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { WebvoiceClient } from "./test-support/webvoice-client";

const SHOP = "http://shop.example.test:8080";

describe("a dial node on a browser voice call without a SIP trunk (sip-trunk-dial.test.ts: with one)", () => {
  let server: TestServer;
  let channelId = "";

  beforeAll(async () => {
    server = await startTestServer();
    // The server imports and publishes examples/ on its first start: on-call-forward is live.
    const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Outage line", flowId: "on-call-forward", settings: { allowedOrigins: [SHOP] } });
    expect(channel.status, channel.text).toBe(201);
    channelId = z.object({ id: z.string() }).parse(channel.body).id;
  }, 60_000);
  afterAll(() => server.stop());

  it("takes failed at once, saying there is no SIP trunk to dial out through", async () => {
    const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), SHOP);
    if (!opened.ok) throw new Error(`socket refused: ${opened.status}`);
    const { client } = opened;
    await client.next("ready");
    const peer = await WeriftPeer.offer();
    try {
      client.send({ type: "call", sdp: peer.offerSdp, visitor: "visitor_0123456789" });
      const answer = await client.next("answer");
      await peer.applyAnswer(answer.sdp);
      await client.next("connected", () => true, 30_000);
      const sessionId = await pollUntil(async () => z.object({ session_id: z.string().nullable() }).parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls WHERE id = ?").get(answer.callId)).session_id ?? undefined, 15_000, () => "no session");
      let path: string[] = [];
      await pollUntil(
        async () => {
          path = (await server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
          return path.includes("engineer:failed") ? true : undefined;
        },
        20_000,
        () => `path ${path.join(" ")}`,
      );
      expect(path.slice(0, 3)).toEqual(["connecting:next", "engineer:waiting", "engineer:failed"]);
      const session = await server.store.sessions.getSession(sessionId);
      expect(session?.state).toMatchObject({ nodes: { engineer: { status: "failed", reason: NO_SIP_TRUNK } } });
    } finally {
      await client.close();
      await peer.close();
    }
  }, 60_000);
});
