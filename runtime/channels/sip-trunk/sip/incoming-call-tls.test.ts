import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTestCertificate } from "../test-support/test-certificate";
import { startTestUserAgent, TEST_ANSWER_SDP, type TestUserAgent } from "../test-support/test-user-agent";

/** Sends one INVITE over a new TLS connection and resolves with the 200's text. */
function inviteOverTls(port: number, requestUri: string, contact: string): Promise<string> {
  const sdp = "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  const message = [
    `INVITE ${requestUri} SIP/2.0`,
    `Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK${randomBytes(6).toString("hex")};rport`,
    `From: <sip:+15550100777@127.0.0.1>;tag=${randomBytes(4).toString("hex")}`,
    `To: <${requestUri}>`,
    `Call-ID: ${randomBytes(8).toString("hex")}@127.0.0.1`,
    "CSeq: 1 INVITE",
    `Contact: <${contact}>`,
    "Max-Forwards: 70",
    "Content-Type: application/sdp",
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    "",
    sdp,
  ].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false }, () => socket.write(message));
    let text = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no 200 in 3 s: ${text}`));
    }, 3000);
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const at = text.indexOf("SIP/2.0 200 OK");
      if (at >= 0 && text.indexOf("\r\n\r\n", at) > 0) {
        clearTimeout(timer);
        socket.destroy();
        resolve(text.slice(at));
      }
    });
    socket.on("error", reject);
  });
}

const contactOf = (response: string): string => /^Contact: *(.*)$/im.exec(response)?.[1]?.trim() ?? "";

describe("IncomingCall over TLS: our Contact follows the caller's scheme (RFC 3261 §12.1.1)", () => {
  let dir = "";
  let agent: TestUserAgent;
  let tlsPort = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "switchboard-sip-tls-"));
    const certificate = writeTestCertificate(dir);
    agent = await startTestUserAgent({ transport: { tls: { port: 0, ...certificate } } });
    agent.ua.onInvite((call) => call.answer(TEST_ANSWER_SDP));
    tlsPort = agent.transport.ports.tls;
  });
  afterAll(async () => {
    await agent?.close();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("a sip: URI sent over TLS (as baresip and most trunks call) is answered with <sip:…;transport=tls>, which UAs without sips: routing can ACK", async () => {
    const response = await inviteOverTls(tlsPort, `sip:+15550100200@127.0.0.1:${tlsPort};transport=tls`, "sip:caller@127.0.0.1:5999;transport=tls");
    expect(contactOf(response)).toBe(`<sip:switchboard@127.0.0.1:${tlsPort};transport=tls>`);
  });

  it("a sips: Request-URI is answered with a sips: Contact", async () => {
    const response = await inviteOverTls(tlsPort, `sips:+15550100200@127.0.0.1:${tlsPort}`, "sips:caller@127.0.0.1:5999");
    expect(contactOf(response)).toBe(`<sips:switchboard@127.0.0.1:${tlsPort};transport=tls>`);
  });
});
