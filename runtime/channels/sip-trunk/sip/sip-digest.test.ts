import { describe, expect, it } from "vitest";
import { getHeader, type SipResponse } from "./sip-message";
import { digestResponse, DigestSession, parseAuthParams, parseDigestChallenge, resendWithCredentials, verifyDigest } from "./sip-digest";
import { incoming } from "./test-support/sip-messages";

const REGISTER = `REGISTER sip:trunk.example.com SIP/2.0
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bKreg1;rport
Max-Forwards: 70
To: <sip:1001@trunk.example.com>
From: <sip:1001@trunk.example.com>;tag=reg-tag
Call-ID: reg-call@203.0.113.10
CSeq: 7 REGISTER
Contact: <sip:1001@203.0.113.10:5060>
Expires: 300
Content-Length: 0

`;
function challenge(status: 401 | 407, value: string): SipResponse {
  const name = status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  const response = incoming(`SIP/2.0 ${status} Unauthorized
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bKreg1;rport=5060
To: <sip:1001@trunk.example.com>;tag=srv
From: <sip:1001@trunk.example.com>;tag=reg-tag
Call-ID: reg-call@203.0.113.10
CSeq: 7 REGISTER
${name}: ${value}
Content-Length: 0

`).message;
  if (response.kind !== "response") throw new Error();
  return response;
}

describe("digest", () => {
  it("computes RFC 2617 §3.5's example response (qop=auth)", () => {
    const response = digestResponse({
      challenge: { realm: "testrealm@host.com", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", algorithm: "MD5" },
      credentials: { username: "Mufasa", password: "Circle Of Life" },
      method: "GET",
      uri: "/dir/index.html",
      qop: "auth",
      nc: "00000001",
      cnonce: "0a4f113b",
    });
    expect(response).toBe("6629fae49393a05397450978507c4ef1");
  });

  it("reads challenges with quoted commas, qop lists, stale and opaque", () => {
    expect(parseDigestChallenge('Digest realm="a, b", nonce="n1", qop="auth,auth-int", algorithm=MD5, stale=TRUE, opaque="o"')).toEqual({
      ok: true,
      value: { realm: "a, b", nonce: "n1", opaque: "o", algorithm: "MD5", qop: ["auth", "auth-int"], stale: true },
    });
    expect(parseDigestChallenge('Basic realm="x"').ok).toBe(false);
    expect(parseDigestChallenge('Digest realm="x"').ok).toBe(false);
    expect(parseAuthParams('Digest realm="unterminated').ok).toBe(false);
  });

  it("answers a 401 with qop=auth: Authorization that the registrar's check accepts, nc counting up", () => {
    const session = new DigestSession({ username: "1001", password: "s3cret" });
    expect(session.accept(challenge(401, 'Digest realm="trunk", nonce="abc123", qop="auth", algorithm=MD5')).ok).toBe(true);
    const first = session.authorize("REGISTER", "sip:trunk.example.com");
    const second = session.authorize("REGISTER", "sip:trunk.example.com");
    expect(first?.name).toBe("authorization");
    expect(first?.value).toMatch(/^Digest username="1001", realm="trunk", nonce="abc123", uri="sip:trunk\.example\.com", response="[0-9a-f]{32}", algorithm=MD5, qop=auth, nc=00000001, cnonce="[0-9a-f]{16}"$/);
    expect(second?.value).toContain("nc=00000002");
    for (const header of [first, second]) {
      expect(verifyDigest({ authorization: header?.value ?? "", method: "REGISTER", realm: "trunk", nonce: "abc123", credentials: { username: "1001", password: "s3cret" } })).toBe(true);
      expect(verifyDigest({ authorization: header?.value ?? "", method: "REGISTER", realm: "trunk", nonce: "abc123", credentials: { username: "1001", password: "wrong" } })).toBe(false);
    }
  });

  it("answers a challenge without qop (RFC 2069 form) and a 407 with Proxy-Authorization", () => {
    const session = new DigestSession({ username: "1001", password: "s3cret" });
    session.accept(challenge(407, 'Digest realm="proxy", nonce="xyz"'));
    const header = session.authorize("INVITE", "sip:+15550001@trunk.example.com");
    expect(header?.name).toBe("proxy-authorization");
    expect(header?.value).not.toContain("qop=");
    expect(verifyDigest({ authorization: header?.value ?? "", method: "INVITE", realm: "proxy", nonce: "xyz", credentials: { username: "1001", password: "s3cret" } })).toBe(true);
  });

  it("stale=true: the new nonce replaces the old one", () => {
    const session = new DigestSession({ username: "u", password: "p" });
    session.accept(challenge(401, 'Digest realm="r", nonce="old", qop="auth"'));
    session.authorize("REGISTER", "sip:r");
    const accepted = session.accept(challenge(401, 'Digest realm="r", nonce="new", qop="auth", stale=true'));
    expect(accepted).toMatchObject({ ok: true, value: { stale: true, nonce: "new" } });
    expect(session.authorize("REGISTER", "sip:r")?.value).toContain('nonce="new"');
  });

  it("a 401 without a challenge we can answer is an error", () => {
    const session = new DigestSession({ username: "u", password: "p" });
    expect(session.accept(challenge(401, 'Digest realm="r", nonce="n", algorithm=SHA-512-256'))).toEqual({ ok: false, error: "no digest challenge we can answer" });
  });

  it("resends with the same Call-ID, From tag and To, CSeq + 1, a new branch, one Authorization", () => {
    const request = incoming(REGISTER).message;
    if (request.kind !== "request") throw new Error();
    const again = resendWithCredentials(request, { name: "authorization", value: "Digest first" });
    const third = resendWithCredentials(again, { name: "authorization", value: "Digest second" });
    expect(getHeader(third, "cseq")).toBe("9 REGISTER");
    expect(getHeader(third, "call-id")).toBe("reg-call@203.0.113.10");
    expect(getHeader(third, "from")).toBe("<sip:1001@trunk.example.com>;tag=reg-tag");
    expect(third.headers.filter((field) => field.name === "authorization").map((field) => field.value)).toEqual(["Digest second"]);
    const branches = [request, again, third].map((message) => /branch=([^;,]+)/.exec(getHeader(message, "via") ?? "")?.[1]);
    expect(new Set(branches).size).toBe(3);
    expect(getHeader(third, "via")).toMatch(/^SIP\/2\.0\/UDP 203\.0\.113\.10:5060;branch=z9hG4bK[0-9a-f]{16};rport/);
  });
});
