import { afterEach, describe, expect, it } from "vitest";
import { RawSipPeer } from "../test-support/raw-sip-peer";
import { describeSipp, killAllSipp, runSipp } from "../test-support/sipp";
import { startTestUserAgent, TEST_ANSWER_SDP, waitUntil, type TestUserAgent } from "../test-support/test-user-agent";

let agent: TestUserAgent | undefined;
const peers: RawSipPeer[] = [];

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  await killAllSipp();
  await agent?.close();
  agent = undefined;
});

type Transport = "udp" | "tcp";

interface CorpusItem {
  name: string;
  /** The Call-ID its answers carry (a fresh one, also for items whose message has none). */
  callId: string;
  bytes: Buffer;
  /** The final status it must get, or "none": dropped, nothing sent back. */
  expect: number | "none";
  /** TCP: the connection must be closed by us after it (the stream cannot be framed further). */
  closes?: boolean;
}

const SDP_OFFER = "v=0\r\no=fuzz 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

/** A deterministic byte soup (no CR/LF at its start). */
function junk(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = state >> 16;
  }
  bytes[0] = 0x80;
  return bytes;
}

interface Parts {
  start?: string;
  method?: string;
  uri?: string;
  /** Header lines replacing the defaults of the same name (`null` drops one). */
  headers?: Record<string, string | null>;
  /** Lines added as they are, after the others. */
  extra?: string[];
  body?: string;
  /** The Content-Length value written (default: the body's true length); `null` writes none. */
  contentLength?: string | null;
}

/** The corpus: fuzzed start lines, broken and missing headers, Content-Length lies, sizes at and past 64 KB, requests the UA must refuse. */
function corpus(transport: Transport, localPort: number, serverPort: number): CorpusItem[] {
  let n = 0;
  const items: CorpusItem[] = [];
  const add = (name: string, expected: number | "none", build: (callId: string) => Parts | Buffer, closes = false) => {
    n += 1;
    const callId = `fuzz-${transport}-${n}-${Math.random().toString(36).slice(2, 8)}`;
    const built = build(callId);
    const bytes = Buffer.isBuffer(built) ? built : message(built, callId);
    items.push({ name, callId, bytes, expect: expected, closes });
  };
  const message = (parts: Parts, callId: string): Buffer => {
    const method = parts.method ?? "INVITE";
    const body = parts.body ?? "";
    const defaults: Record<string, string | null> = {
      Via: `SIP/2.0/${transport.toUpperCase()} 127.0.0.1:${localPort};branch=z9hG4bK-${callId};rport`,
      "Max-Forwards": "70",
      From: `<sip:fuzz@127.0.0.1>;tag=f-${callId}`,
      To: `<sip:+15550001111@127.0.0.1:${serverPort}>`,
      "Call-ID": callId,
      CSeq: `1 ${method}`,
      Contact: `<sip:fuzz@127.0.0.1:${localPort}>`,
      ...(body !== "" && parts.headers?.["Content-Type"] === undefined ? { "Content-Type": "application/sdp" } : {}),
      ...parts.headers,
    };
    const lines = [parts.start ?? `${method} ${parts.uri ?? `sip:+15550001111@127.0.0.1:${serverPort}`} SIP/2.0`];
    for (const [name, value] of Object.entries(defaults)) if (value !== null) lines.push(`${name}: ${value}`);
    lines.push(...(parts.extra ?? []));
    const length = parts.contentLength === undefined ? String(Buffer.byteLength(body)) : parts.contentLength;
    if (length !== null) lines.push(`Content-Length: ${length}`);
    return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`, "latin1");
  };

  // Controls: well-formed requests get their ordinary answers.
  add("a well-formed OPTIONS", 200, () => ({ method: "OPTIONS" }));
  add("a well-formed INVITE (the test refuses it: busy)", 486, () => ({ body: SDP_OFFER }));
  add("headers folded over several lines", 200, () => ({ method: "OPTIONS", extra: ["Subject: a subject", "  continued on the next line"] }));

  // Start lines.
  add("SIP/3.0", 505, () => ({ start: `INVITE sip:+15550001111@127.0.0.1 SIP/3.0`, body: SDP_OFFER }));
  add("double spaces in the request line", 400, () => ({ start: `INVITE  sip:+15550001111@127.0.0.1  SIP/2.0` }));
  add("a Request-URI in angle brackets", 400, () => ({ start: `INVITE <sip:+15550001111@127.0.0.1> SIP/2.0` }));
  add("a tel: Request-URI", 416, () => ({ uri: "tel:+15550001111", body: SDP_OFFER }));
  add("a method with a character no token has", "none", () => ({ start: `INV@TE sip:+15550001111@127.0.0.1 SIP/2.0` }));
  add("a request line without a version", "none", () => ({ start: `INVITE sip:+15550001111@127.0.0.1` }));
  add("a status line with code 999", "none", () => ({ start: "SIP/2.0 999 Odd" }));
  add("an HTTP request", "none", () => Buffer.from("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  add("random bytes", "none", () => junk(700, 7));
  add("a NUL in a header", "none", () => ({ extra: ["Subject: a\u0000b"] }));
  add("an unknown method", 405, () => ({ method: "FROB" }));

  // Headers.
  add("no Via", "none", () => ({ headers: { Via: null } }));
  add("a Via without a host", "none", () => ({ headers: { Via: "SIP/2.0/UDP" } }));
  add("no Call-ID", "none", () => ({ headers: { "Call-ID": null } }));
  add("a From without its closing >", 400, () => ({ headers: { From: "<sip:fuzz@127.0.0.1;tag=x" } }));
  add("an INVITE whose From has no tag", 400, (callId) => ({ headers: { From: `<sip:fuzz-${callId}@127.0.0.1>` }, body: SDP_OFFER }));
  add("an INVITE without Contact", 400, () => ({ headers: { Contact: null }, body: SDP_OFFER }));
  add("a CSeq that is not a number", "none", () => ({ headers: { CSeq: "abc INVITE" } }));
  add("a CSeq method that is not the request's", 400, () => ({ headers: { CSeq: "1 BYE" } }));
  add("two Call-IDs", 400, (callId) => ({ extra: [`Call-ID: ${callId}-again`] }));
  add("a header line without a colon", 400, () => ({ extra: ["This line has no colon"] }));
  add("Max-Forwards 0", 483, () => ({ headers: { "Max-Forwards": "0" }, body: SDP_OFFER }));
  add("Max-Forwards 300", 400, () => ({ headers: { "Max-Forwards": "300" } }));
  add("250 header fields", "none", () => ({ extra: Array.from({ length: 250 }, (_, i) => `X-Filler-${i}: ${i}`) }));
  add("Require: an extension we do not have", 420, () => ({ extra: ["Require: 100rel, precondition"], body: SDP_OFFER }));
  add("a text/plain body", 415, () => ({ headers: { "Content-Type": "text/plain" }, body: "hello" }));
  add("Session-Expires under our Min-SE", 422, () => ({ extra: ["Session-Expires: 30", "Supported: timer"], body: SDP_OFFER }));
  add("a BYE for a dialog that does not exist", 481, () => ({ method: "BYE", headers: { To: `<sip:+15550001111@127.0.0.1>;tag=nobody` } }));
  add("a CANCEL of nothing", 481, () => ({ method: "CANCEL" }));
  add("a response nobody asked for", "none", (callId) => ({ start: "SIP/2.0 200 OK", headers: { CSeq: "1 INVITE", To: `<sip:x@127.0.0.1>;tag=t-${callId}` } }));
  add("an ACK of nothing", "none", () => ({ method: "ACK", headers: { To: "<sip:x@127.0.0.1>;tag=t" } }));
  add("an ACK without Call-ID", "none", () => ({ method: "ACK", headers: { "Call-ID": null } }));

  // Content-Length lies and sizes.
  if (transport === "udp") {
    add("Content-Length longer than the body", 400, () => ({ body: SDP_OFFER, contentLength: "5000" }));
    add("Content-Length shorter than the body (the rest is cut)", 200, () => ({ method: "OPTIONS", body: "0123456789", headers: { "Content-Type": "text/plain" }, contentLength: "4" }));
    add("Content-Length that is not a number", 400, () => ({ body: SDP_OFFER, contentLength: "12abc" }));
    add("Content-Length of 99999999", 400, () => ({ body: SDP_OFFER, contentLength: "99999999" }));
    add("two different Content-Length values", 400, () => ({ body: SDP_OFFER, extra: ["Content-Length: 3"] }));
    add("a 65 000-byte OPTIONS (one padded header)", 200, () => ({ method: "OPTIONS", extra: [`X-Pad: ${"a".repeat(64_400)}`] }));
    add("a 65 507-byte datagram of junk", "none", () => junk(65_507, 11));
  } else {
    add("Content-Length that is not a number (the stream cannot be framed)", 400, () => ({ body: SDP_OFFER, contentLength: "12abc" }), true);
    add("two different Content-Length values", 400, () => ({ body: SDP_OFFER, extra: ["Content-Length: 3"] }), true);
    add("Content-Length longer than what comes (we wait, then the peer leaves)", "none", () => ({ body: SDP_OFFER, contentLength: "5000" }));
    add("Content-Length 0 with a body after it (the body is not a message)", 486, () => ({ body: SDP_OFFER, contentLength: "0" }));
    add("a 70 000-byte message", "none", () => ({ method: "OPTIONS", extra: [`X-Pad: ${"a".repeat(70_000)}`] }), true);
  }
  return items;
}

async function feed(transport: Transport): Promise<void> {
  agent = await startTestUserAgent();
  const { ua, port } = agent;
  const invites: string[] = [];
  ua.onInvite((call) => {
    invites.push(call.callId);
    call.reject(486);
  });
  const target = { address: "127.0.0.1", port };
  let items: CorpusItem[];
  const sent: Array<{ item: CorpusItem; peer: RawSipPeer }> = [];
  if (transport === "udp") {
    const peer = await RawSipPeer.udp(target);
    peers.push(peer);
    items = corpus("udp", peer.localPort, port);
    for (const item of items) {
      await peer.send(item.bytes);
      sent.push({ item, peer });
    }
  } else {
    // Answers go back over the connection whatever the Via's sent-by port says.
    items = corpus("tcp", 5099, port);
    for (const item of items) {
      const peer = await RawSipPeer.tcp(target);
      peers.push(peer);
      await peer.send(item.bytes);
      sent.push({ item, peer });
    }
  }
  const answered = () => sent.every(({ item, peer }) => item.expect === "none" || peer.statuses(item.callId).some((status) => status >= 200));
  await waitUntil(answered, "an answer to every item that needs one", 5000).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300));

  const outcome = (item: CorpusItem, peer: RawSipPeer) => {
    const finals = [...new Set(peer.statuses(item.callId).filter((status) => status >= 200))];
    return finals.length === 0 ? "none" : finals.join(",");
  };
  expect(sent.map(({ item, peer }) => `${item.name}: ${outcome(item, peer)}`)).toEqual(items.map((item) => `${item.name}: ${item.expect}`));
  // Nothing came back that no item asked for (answers to messages without a Call-ID, strays).
  const accounted = new Set(items.map((item) => item.callId));
  for (const peer of new Set(sent.map(({ peer }) => peer))) {
    for (const { callId, text } of peer.received) {
      expect(callId !== undefined && accounted.has(callId), `unexpected: ${text.slice(0, 200)}`).toBe(true);
    }
  }
  if (transport === "tcp") {
    for (const { item, peer } of sent) if (item.closes) expect(peer.closed, `${item.name}: the connection was closed`).toBe(true);
  }
  // Only the well-formed INVITEs reached the channel.
  expect(invites).toHaveLength(transport === "udp" ? 1 : 2);

  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  await waitUntil(() => {
    const stats = ua.stats;
    return stats.calls === 0 && stats.dialogs === 0 && stats.pendingInvites === 0 && stats.transactions.server === 0 && stats.transactions.client === 0 && agent?.transport.connectionCount === 0;
  }, "nothing left in the user agent", 15_000);

  // And the user agent still takes a real call.
  ua.onInvite((call) => void call.answer(TEST_ANSWER_SDP));
  const result = await runSipp({ scenario: { builtin: "uac" }, remote: agent.address, transport: transport === "udp" ? "u1" : "t1" });
  expect(result.code, describeSipp(result)).toBe(0);
}

describe("malformed SIP from the network", () => {
  it("over UDP: each broken datagram gets 400 (or its specific refusal) or is dropped; nothing is left over; calls still work", async () => {
    await feed("udp");
    expect(agent?.transport.counters.malformed).toBeGreaterThanOrEqual(15);
  });

  it("over TCP: each broken message gets 400 or is dropped, unframeable streams are closed; nothing is left over; calls still work", async () => {
    await feed("tcp");
  });
});
