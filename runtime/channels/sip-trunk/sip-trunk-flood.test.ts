import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { sendRawSip } from "./test-support/raw-sip";

/**
 * SIP_REQUESTS_PER_MINUTE limits addresses that are no trunk's carrier (scanners, floods); a
 * trunk's carrier (here 127.0.0.1) is never limited: a busy SBC sends many requests from one address.
 */
describe("SIP floods", () => {
  let server: TestServer;
  let port = 0;

  beforeAll(async () => {
    server = await startTestServer({ SIP_REQUESTS_PER_MINUTE: "5" });
    const created = await server.api("POST", "/api/channels", { type: "sip_trunk", name: "Carrier", flowId: "support-line", settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], transport: "udp", optionsKeepalive: false } });
    expect(created.status, created.text).toBe(201);
    port = await pollUntil(async () => server.sipTrunks?.ports?.udp, 5_000, () => "the SIP endpoint did not start");
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("a stranger's INVITE flood: 403 while under the limit, one 503 with Retry-After, then silence; nothing stored", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 9; i++) answers.push((await sendRawSip({ from: "127.0.0.3", to: { host: "127.0.0.1", port }, user: "+15550100200", timeoutMs: 400 })).statusLine);
    expect(answers).toEqual([...Array<string>(5).fill("SIP/2.0 403 Forbidden"), "SIP/2.0 503 Service Unavailable", "timeout", "timeout", "timeout"]);
    expect(server.sipTrunks?.transportCounters?.rateLimited).toBe(4);
    expect(server.store.database.sqlite.prepare("SELECT count(*) AS n FROM calls").get()).toEqual({ n: 0 });
  }, 20_000);

  it("the carrier is never limited: twelve OPTIONS in a row are all answered 200", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) answers.push((await sendRawSip({ from: "127.0.0.1", to: { host: "127.0.0.1", port }, user: "keepalive", method: "OPTIONS" })).statusLine);
    expect(answers).toEqual(Array<string>(12).fill("SIP/2.0 200 OK"));
  });
});
