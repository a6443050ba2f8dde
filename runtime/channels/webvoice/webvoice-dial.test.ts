import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { NO_SIP_TRUNK } from "../../media/calls/call-dials";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { describeSipp, killAllSipp, scenario, sippMessages, startSipp } from "../sip-trunk/test-support/sipp";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { WebvoiceClient } from "./test-support/webvoice-client";

const SHOP = "http://shop.example.test:8080";

/**
 * examples/on-call-forward.json on a browser voice call: its dial node goes out through a SIP
 * trunk (sip-trunk-dial.test.ts has the audio both ways, the time limit, CANCEL and BYE); with no
 * trunk it fails at once, saying so.
 */
describe("a dial node on a browser voice call (on-call-forward)", () => {
  let server: TestServer;
  let channelId = "";

  beforeAll(async () => {
    server = await startTestServer();
    // The server imports and publishes examples/ on its first start: on-call-forward is live.
    const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Outage line", flowId: "on-call-forward", settings: { allowedOrigins: [SHOP] } });
    expect(channel.status, channel.text).toBe(201);
    channelId = z.object({ id: z.string() }).parse(channel.body).id;
  }, 60_000);
  afterAll(async () => {
    await killAllSipp();
    await server.stop();
  });

  /** A browser caller on the outage line until the session's path holds `until`: the path and the session. */
  async function callUntil(until: string) {
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
          return path.includes(until) ? true : undefined;
        },
        30_000,
        () => `path ${path.join(" ")}`,
      );
      return { path, session: await server.store.sessions.getSession(sessionId) };
    } finally {
      await client.close();
      await peer.close();
    }
  }

  it("without a SIP trunk: takes failed at once, saying there is no trunk to dial out through", async () => {
    const { path, session } = await callUntil("engineer:failed");
    expect(path.slice(0, 3)).toEqual(["connecting:next", "engineer:waiting", "engineer:failed"]);
    expect(session?.state).toMatchObject({ nodes: { engineer: { status: "failed", reason: NO_SIP_TRUNK } } });
  }, 60_000);

  it("with a SIP trunk: dials the engineer on call through it (busy there: the support team instead)", async () => {
    const sipp = await startSipp({ scenario: { file: scenario("uas-busy") }, timeoutMs: 40_000 });
    await sipp.ready();
    const trunk = await server.api("POST", "/api/channels", { type: "sip_trunk", name: "Carrier", flowId: "on-call-forward", settings: { domain: sipp.address, inboundAddresses: ["127.0.0.1"], transport: "udp", optionsKeepalive: false, numbers: ["+14155550100"] } });
    expect(trunk.status, trunk.text).toBe(201);
    const { path, session } = await callUntil("engineer:busy");
    expect(path.slice(0, 4)).toEqual(["connecting:next", "engineer:waiting", "engineer:busy", "to_support:waiting"]);
    expect(session?.state).toMatchObject({ vars: { forward: { status: "busy", durationSeconds: 0 } } });
    const done = await sipp.result;
    expect(done.code, describeSipp(done)).toBe(0);
    const invite = sippMessages(done.messages).find((message) => message.direction === "received" && message.startLine.startsWith("INVITE "));
    // The example's number; {{call.to}} is empty on a browser call, so the trunk's own number is the caller id.
    expect(invite?.startLine).toBe(`INVITE sip:+14155550123@${sipp.address} SIP/2.0`);
    expect(invite?.text).toMatch(/From: .*sip:\+14155550100@/);
  }, 60_000);
});
