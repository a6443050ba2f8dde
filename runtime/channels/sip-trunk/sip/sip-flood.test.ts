import { afterEach, describe, expect, it } from "vitest";
import { RawSipPeer } from "../test-support/raw-sip-peer";
import { startTestUserAgent, waitUntil, type TestUserAgent } from "../test-support/test-user-agent";

let agent: TestUserAgent | undefined;
const peers: RawSipPeer[] = [];

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  await agent?.close();
  agent = undefined;
});

function invite(callId: string, localPort: number, serverPort: number, method = "INVITE", toTag = ""): string {
  return [
    `${method} sip:+15550001111@127.0.0.1:${serverPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK-${callId};rport`,
    "Max-Forwards: 70",
    `From: <sip:scanner@127.0.0.1>;tag=s-${callId}`,
    `To: <sip:+15550001111@127.0.0.1>${toTag}`,
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    `Contact: <sip:scanner@127.0.0.1:${localPort}>`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

describe("an INVITE flood from one address", () => {
  it("is rate-limited: the first `limit` INVITEs reach the channel, one 503 per window, the rest dropped unparsed; others are still served", async () => {
    const limit = 10;
    agent = await startTestUserAgent({ transport: { rateLimit: { limit, windowMs: 2000 } } });
    const { ua, port, transport } = agent;
    const reached: string[] = [];
    ua.onInvite((call) => {
      reached.push(call.callId);
      call.reject(486);
    });
    const flooder = await RawSipPeer.udp({ address: "127.0.0.1", port });
    const bystander = await RawSipPeer.udp({ address: "127.0.0.1", port }, "127.0.0.2");
    peers.push(flooder, bystander);
    const total = 100;
    const started = Date.now();
    for (let i = 0; i < total; i++) await flooder.send(invite(`flood-${i}`, flooder.localPort, port));
    // Another address is not held back by the flood; nor are CANCEL, ACK and BYE from the flooder.
    await bystander.send(invite("bystander", bystander.localPort, port, "OPTIONS"));
    await flooder.send(invite("flood-bye", flooder.localPort, port, "BYE", ";tag=none"));
    await waitUntil(() => transport.counters.received >= total + 2, "every datagram counted", 5000);
    await waitUntil(() => bystander.statuses("bystander").includes(200) && flooder.statuses("flood-bye").includes(481), "the bystander's and the BYE's answers", 3000);
    await waitUntil(() => flooder.statuses().filter((status) => status === 486).length >= limit, "the admitted INVITEs' answers", 3000);
    const burstMs = Date.now() - started;
    expect(burstMs, "the burst fits in one window").toBeLessThan(2000);

    const finals = (status: number) => new Set(flooder.received.filter((item) => item.status === status).map((item) => item.callId)).size;
    expect(reached).toHaveLength(limit);
    expect(reached).toEqual(Array.from({ length: limit }, (_, i) => `flood-${i}`));
    expect(finals(486)).toBe(limit);
    expect(finals(503)).toBe(1);
    const refused = flooder.received.find((item) => item.status === 503);
    expect(refused?.text).toMatch(/^Retry-After: [12]\r?$/m);
    expect(transport.counters.rateLimited).toBe(total - limit);
    expect(transport.counters.answeredRateLimited).toBe(1);
    expect(transport.trackedAddresses).toBe(2);

    await waitUntil(() => ua.stats.transactions.server === 0 && ua.stats.pendingInvites === 0, `nothing left (${JSON.stringify(ua.stats)})`, 10_000);
  });
});
