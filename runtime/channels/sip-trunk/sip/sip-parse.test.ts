import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNameAddr, tagOf } from "./name-addr";
import { getHeader, getHeaders, serializeSipMessage } from "./sip-message";
import { MAX_MESSAGE_BYTES, parseSipMessage, peekStartLine, type SipParseResult } from "./sip-parse";
import { branchOf } from "./via";

const fixtures = join(import.meta.dirname, "fixtures");
const captured = (name: string) => readFileSync(join(fixtures, "captured", name));
const torture = (name: string) => readFileSync(join(fixtures, "rfc4475", `${name}.dat`));
const text = (value: string) => Buffer.from(value.replace(/\n/g, "\r\n"));

function message(result: SipParseResult) {
  if (result.kind !== "message") throw new Error(`expected a message, got ${JSON.stringify(result)}`);
  return result;
}
function error(result: SipParseResult) {
  if (result.kind !== "error") throw new Error(`expected an error, got ${result.kind}`);
  return result.error;
}

const INVITE = `INVITE sip:+15551234567@trunk.example.com SIP/2.0
Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK776asdhds;rport
Max-Forwards: 70
To: <sip:+15551234567@trunk.example.com>
From: "Alice" <sip:alice@carrier.example>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.com
CSeq: 314159 INVITE
Contact: <sip:alice@203.0.113.5:5060>
Content-Type: application/sdp
Content-Length: 5

v=0
`;

describe("parseSipMessage", () => {
  it("reads sipp's INVITE: start line, the mandatory headers and the SDP body by Content-Length", () => {
    const { message: invite, core } = message(parseSipMessage(captured("sipp-uac-invite.sip")));
    expect(invite).toMatchObject({ kind: "request", method: "INVITE", uri: "sip:service@127.0.0.1:15080" });
    expect(core.callId).toMatch(/^1-\d+@127\.0\.0\.1$/);
    expect(core.cseq).toEqual({ seq: 1, method: "INVITE" });
    expect(core.maxForwards).toBe(70);
    expect(core.via).toHaveLength(1);
    expect(core.via[0]).toMatchObject({ transport: "UDP", host: "127.0.0.1", port: 15071 });
    expect(branchOf(core.via[0]!)).toMatch(/^z9hG4bK-/);
    expect(tagOf(core.from)).toMatch(/SIPpTag/);
    expect(tagOf(core.to)).toBeUndefined();
    expect(core.from.displayName).toBe("sipp");
    expect(invite.body.toString()).toMatch(/^v=0\r\n[\s\S]*a=rtpmap:0 PCMU\/8000\r\n$/);
    expect(invite.body.length).toBe(Number(getHeader(invite, "content-length")));
  });

  it("reads baresip's INVITE with rport, an empty Supported and its SDES offer", () => {
    const { message: invite, core } = message(parseSipMessage(captured("baresip-srtp-invite.sip")));
    expect(core.via[0]?.params.get("rport")).toBeNull();
    expect(getHeader(invite, "supported")).toBeUndefined();
    expect(getHeaders(invite, "allow")).toContain("INFO");
    expect(invite.body.toString()).toContain("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
  });

  it("takes compact forms and any case for header names", () => {
    const compact = INVITE.replace("Via:", "v:").replace("To:", "t:").replace("From:", "F:").replace("Call-ID:", "i:").replace("Contact:", "m:").replace("Content-Length:", "l:").replace("CSeq:", "cseq:").replace("Content-Type:", "c:");
    const { message: invite, core } = message(parseSipMessage(text(compact)));
    expect(core.callId).toBe("a84b4c76e66710@pc33.example.com");
    expect(getHeader(invite, "Content-Type")).toBe("application/sdp");
    expect(getHeader(invite, "CONTACT")).toBe("<sip:alice@203.0.113.5:5060>");
    expect(invite.body.toString()).toBe("v=0\r\n");
  });

  it("splits list headers on commas outside quotes and brackets; Via values in order across fields", () => {
    const many = INVITE.replace(
      "Max-Forwards: 70",
      'Via: SIP/2.0/TCP proxy1.example.com;branch=z9hG4bKa, SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bKb;received=192.0.2.1\nRecord-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\nContact: "Bob, the second" <sip:bob@192.0.2.4>;expires=60;q=0.5, <sip:bob@192.0.2.5>\nMax-Forwards: 70',
    );
    const { message: invite, core } = message(parseSipMessage(text(many.replace("Contact: <sip:alice@203.0.113.5:5060>\n", ""))));
    expect(core.via.map((via) => via.host)).toEqual(["203.0.113.5", "proxy1.example.com", "2001:db8::9"]);
    expect(core.via[2]).toMatchObject({ port: 5070 });
    expect(getHeaders(invite, "record-route")).toEqual(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
    const contacts = getHeaders(invite, "contact").map((value) => parseNameAddr(value));
    expect(contacts.map((contact) => contact.ok && contact.value.displayName)).toEqual(["Bob, the second", undefined]);
    const first = contacts[0];
    expect(first?.ok && first.value.params.get("expires")).toBe("60");
  });

  it("unfolds continuation lines", () => {
    const folded = INVITE.replace("Subject: x\n", "").replace("Max-Forwards: 70", "Subject: I know you're there,\n   pick up the phone\n\tand talk to me!\nMax-Forwards: 70");
    const { message: invite } = message(parseSipMessage(text(folded)));
    expect(getHeader(invite, "subject")).toBe("I know you're there, pick up the phone and talk to me!");
  });

  it("reads a response, its status and reason", () => {
    const { message: ok, core } = message(parseSipMessage(captured("sipp-uas-200.sip")));
    expect(ok).toMatchObject({ kind: "response", status: 200, reason: "OK" });
    expect(tagOf(core.to)).toMatch(/SIPpTag/);
  });

  it("ignores CRLFs before the start line and treats a datagram of CRLFs as a keepalive", () => {
    expect(message(parseSipMessage(Buffer.concat([Buffer.from("\r\n\r\n"), text(INVITE)]))).message.kind).toBe("request");
    expect(parseSipMessage(Buffer.from("\r\n\r\n"))).toEqual({ kind: "keepalive" });
  });

  describe("Content-Length", () => {
    it("a longer body in a datagram is cut at Content-Length (RFC 3261 §18.3)", () => {
      const { message: invite } = message(parseSipMessage(text(INVITE.replace("Content-Length: 5", "Content-Length: 2"))));
      expect(invite.body.toString()).toBe("v=");
    });
    it("a shorter body than Content-Length says: 400, answerable", () => {
      const failure = error(parseSipMessage(text(INVITE.replace("Content-Length: 5", "Content-Length: 400"))));
      expect(failure).toMatchObject({ code: "body_truncated", header: "content-length", answer: { status: 400 } });
    });
    it("not a number, negative or beyond 64 KB: 400", () => {
      for (const value of ["abc", "-5", "1e3", "99999999"]) {
        expect(error(parseSipMessage(text(INVITE.replace("Content-Length: 5", `Content-Length: ${value}`))))).toMatchObject({ code: "bad_content_length", answer: { status: 400 } });
      }
    });
    it("missing in a datagram: the rest of the datagram is the body", () => {
      const { message: invite } = message(parseSipMessage(text(INVITE.replace("Content-Length: 5\n", ""))));
      expect(invite.body.toString()).toBe("v=0\r\n");
    });
    it("missing in a framed (stream) message: no body", () => {
      const { message: invite } = message(parseSipMessage(text(INVITE.replace("Content-Length: 5\n", "")), { framed: true }));
      expect(invite.body.length).toBe(0);
    });
  });

  it("refuses a message over 64 KB without reading it", () => {
    const huge = text(INVITE.replace("Content-Length: 5", `Content-Length: ${MAX_MESSAGE_BYTES}`).replace("v=0\n", "x".repeat(MAX_MESSAGE_BYTES)));
    expect(error(parseSipMessage(huge))).toMatchObject({ code: "too_large" });
    expect(error(parseSipMessage(huge)).answer).toBeUndefined();
  });

  it("binary garbage and bad start lines are errors nobody can answer", () => {
    expect(error(parseSipMessage(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])))).toMatchObject({ code: "not_sip" });
    expect(error(parseSipMessage(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))).answer).toBeUndefined();
    expect(error(parseSipMessage(text(INVITE.replace("SIP/2.0\n", "\n")))).code).toBe("bad_start_line");
  });

  it("a request with a usable Via, Call-ID and CSeq but a bad header gets an answer; without a Via it does not", () => {
    const noTo = error(parseSipMessage(text(INVITE.replace("To: <sip:+15551234567@trunk.example.com>\n", ""))));
    expect(noTo).toMatchObject({ code: "missing_header", header: "to", answer: { status: 400 } });
    expect(noTo.answer?.via.host).toBe("203.0.113.5");
    const badFrom = error(parseSipMessage(text(INVITE.replace('From: "Alice" <sip:', 'From: "Alice <sip:'))));
    expect(badFrom).toMatchObject({ header: "from", answer: { status: 400 } });
    const noVia = error(parseSipMessage(text(INVITE.replace(/Via: [^\n]*\n/, ""))));
    expect(noVia).toMatchObject({ code: "missing_header", header: "via" });
    expect(noVia.answer).toBeUndefined();
    const noCallId = error(parseSipMessage(text(INVITE.replace(/Call-ID: [^\n]*\n/, ""))));
    expect(noCallId.answer).toBeUndefined();
  });

  it("never answers an ACK or a response, however broken", () => {
    const ack = INVITE.replace("INVITE sip:", "ACK sip:").replace("314159 INVITE", "314159 ACK").replace("Content-Length: 5", "Content-Length: 99");
    expect(error(parseSipMessage(text(ack))).answer).toBeUndefined();
    expect(error(parseSipMessage(text("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nCall-ID: x\nCSeq: 1 INVITE\n\n"))).answer).toBeUndefined();
  });

  it("round-trips through serializeSipMessage", () => {
    for (const name of readdirSync(join(fixtures, "captured"))) {
      const first = message(parseSipMessage(captured(name)));
      const again = message(parseSipMessage(serializeSipMessage(first.message)));
      expect(again.message, name).toEqual(first.message.kind === "request" ? { ...first.message, headers: again.message.headers } : { ...first.message, headers: again.message.headers });
      expect(again.message.headers.filter((field) => field.name !== "content-length"), name).toEqual(first.message.headers.filter((field) => field.name !== "content-length"));
      expect(again.core.cseq).toEqual(first.core.cseq);
    }
  });

  it("peekStartLine reads the method or status from the first line only", () => {
    expect(peekStartLine(captured("sipp-uac-invite.sip"))).toEqual({ kind: "request", method: "INVITE" });
    expect(peekStartLine(captured("sipp-uas-180.sip"))).toEqual({ kind: "response", status: 180 });
    expect(peekStartLine(Buffer.from([1, 2, 3]))).toBeUndefined();
  });
});

describe("RFC 4475 torture messages", () => {
  const valid = ["wsinv", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason", "novelsc", "unkscm", "unksm2", "inv2543", "zeromf", "cparam01", "cparam02", "regescrt", "bext01", "sdp01", "bcast", "invut", "regaut01", "baddate"];
  it.each(valid)("%s is read", (name) => {
    expect(parseSipMessage(torture(name)).kind).toBe("message");
  });

  const answered400 = ["clerr", "ncl", "ltgtruri", "lwsruri", "lwsstart", "trws", "mcl01", "multi01", "mismatch01", "mismatch02", "quotbal", "baddn"];
  it.each(answered400)("%s is answered 400", (name) => {
    expect(error(parseSipMessage(torture(name))).answer?.status).toBe(400);
  });

  it("badvers (SIP/7.0) is answered 505", () => {
    expect(error(parseSipMessage(torture("badvers"))).answer?.status).toBe(505);
  });

  const dropped = ["badinv01", "scalar02", "scalarlg", "bigcode", "insuf", "intmeth", "badcseq", "test"];
  it.each(dropped)("%s is an error nobody answers (dropped)", (name) => {
    expect(error(parseSipMessage(torture(name))).answer).toBeUndefined();
  });

  it("every file is one of the above", () => {
    const named = new Set([...valid, ...answered400, "badvers", ...dropped, "badaspec", "badbranch", "escruri", "regbadct"]);
    const files = readdirSync(join(fixtures, "rfc4475")).filter((file) => file.endsWith(".dat")).map((file) => file.replace(/\.dat$/, ""));
    expect(files.filter((file) => !named.has(file))).toEqual([]);
  });
});
