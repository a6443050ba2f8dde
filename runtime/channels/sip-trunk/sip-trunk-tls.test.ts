import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { SipTransport } from "./sip/sip-transport";
import { SipUserAgent } from "./sip/sip-user-agent";
import { writeTestCertificate } from "./test-support/test-certificate";

const ChannelView = z.object({ status: z.string(), statusMessage: z.string().nullable() });

/**
 * A carrier reached over TLS whose certificate comes from a private CA (a PBX's own): trusted only
 * with SIP_TLS_CA. The carrier is a SIP user agent of our own listening on TLS with a self-signed
 * certificate made by openssl; the trunk's health (OPTIONS over TLS) shows whether we trusted it.
 */
describe("SIP trunk over TLS to a carrier with a private CA", () => {
  let dir = "";
  let carrier: { transport: SipTransport; ua: SipUserAgent };
  let certFile = "";
  let keyFile = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "switchboard-sip-tls-"));
    ({ certFile, keyFile } = writeTestCertificate(dir));
    const transport = await SipTransport.start({ host: "127.0.0.1", port: 0, udp: false, tcp: false, tls: { port: 0, certFile, keyFile } });
    carrier = { transport, ua: new SipUserAgent(transport) };
  });
  afterAll(async () => {
    await carrier?.ua.close();
    await carrier?.transport.close();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  async function trunkHealth(env: Record<string, string>): Promise<z.infer<typeof ChannelView>> {
    const server: TestServer = await startTestServer({ SIP_TLS_PORT: "0", SIP_TLS_CERT: certFile, SIP_TLS_KEY: keyFile, SIP_OPTIONS_INTERVAL_SECONDS: "1", ...env });
    try {
      const created = await server.api("POST", "/api/channels", {
        type: "sip_trunk",
        name: "PBX over TLS",
        flowId: "support-line",
        settings: { domain: `127.0.0.1:${carrier.transport.ports.tls}`, inboundAddresses: ["127.0.0.1"], transport: "tls", srtp: true },
      });
      expect(created.status, created.text).toBe(201);
      const id = z.object({ id: z.string() }).parse(created.body).id;
      return await pollUntil(async () => {
        const found = ChannelView.parse((await server.api("GET", `/api/channels/${id}`)).body);
        return found.status === "active" || found.status === "error" ? found : undefined;
      }, 20_000, () => "the trunk's health never showed");
    } finally {
      await server.stop();
    }
  }

  it("without SIP_TLS_CA the carrier's certificate is not trusted: the trunk is in error", async () => {
    const health = await trunkHealth({});
    expect(health.status).toBe("error");
    expect(health.statusMessage).toMatch(/does not answer OPTIONS \(503/);
  }, 40_000);

  it("with SIP_TLS_CA naming its CA the trunk answers OPTIONS over TLS: active", async () => {
    const health = await trunkHealth({ SIP_TLS_CA: certFile });
    expect(health.status).toBe("active");
    expect(health.statusMessage).toMatch(/answers OPTIONS \(200 OK/);
  }, 40_000);
});
