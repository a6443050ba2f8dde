import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import { writeTestCertificate } from "../test-support/test-certificate";
import { waitUntil } from "../test-support/test-user-agent";
import { SipTransport } from "./sip-transport";

/** The fingerprint of the certificate a TLS server on 127.0.0.1:`port` presents now. */
function presented(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once("error", reject);
  });
}

describe("SIP over TLS: the certificate is reloaded when its files change", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const certificate = () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-tls-"));
    dirs.push(dir);
    return writeTestCertificate(dir);
  };

  it("a renewed certificate (new files in place) is presented to the next connection without a restart; a half-written pair keeps the old one", async () => {
    const first = certificate();
    const renewed = certificate();
    const events: string[] = [];
    const transport = await SipTransport.start({ host: "127.0.0.1", port: 0, udp: false, tcp: false, tls: { port: 0, certFile: first.certFile, keyFile: first.keyFile, pollMs: 50 }, onEvent: (event) => events.push(event.kind) });
    try {
      const port = transport.ports.tls;
      const before = await presented(port);
      // Only the certificate first: it does not match the old key, so the old pair is kept.
      copyFileSync(renewed.certFile, first.certFile);
      await waitUntil(() => events.includes("tls_reload_failed"), "a failed reload of a half-written pair", 5000);
      expect(await presented(port)).toBe(before);
      copyFileSync(renewed.keyFile, first.keyFile);
      await waitUntil(() => events.includes("tls_reloaded"), "the reload", 5000);
      const after = await presented(port);
      expect(after).not.toBe(before);
      expect(transport.counters.tlsReloads).toBeGreaterThanOrEqual(1);
    } finally {
      await transport.close();
    }
  }, 20_000);
});
