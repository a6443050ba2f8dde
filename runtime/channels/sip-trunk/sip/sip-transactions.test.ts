import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tagOf } from "./name-addr";
import { getHeader, type SipRequest } from "./sip-message";
import { buildResponse } from "./sip-response";
import { SipTransactions, type ServerTransaction } from "./sip-transactions";
import type { IncomingSip } from "./sip-transport";
import { incoming, RecordingSender, reparse } from "./test-support/sip-messages";

const INVITE = `INVITE sip:+15551234567@198.51.100.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv1;rport
Max-Forwards: 70
To: <sip:+15551234567@198.51.100.1>
From: <sip:alice@192.0.2.10>;tag=from1
Call-ID: call-1@192.0.2.10
CSeq: 1 INVITE
Contact: <sip:alice@192.0.2.10:5060>
Content-Length: 0

`;
const OPTIONS = INVITE.replace("INVITE sip:", "OPTIONS sip:").replace("1 INVITE", "7 OPTIONS").replace("z9hG4bKinv1", "z9hG4bKopt1");
const ackFor = (branch: string, toTag: string) =>
  INVITE.replace("INVITE sip:", "ACK sip:").replace("1 INVITE", "1 ACK").replace("z9hG4bKinv1", branch).replace("To: <sip:+15551234567@198.51.100.1>", `To: <sip:+15551234567@198.51.100.1>;tag=${toTag}`);

function layer(sender = new RecordingSender()) {
  const requests: ServerTransaction[] = [];
  const acks: IncomingSip[] = [];
  const transactions = new SipTransactions(sender, { onRequest: (tx) => requests.push(tx), onAck: (ack) => acks.push(ack) });
  return { sender, transactions, requests, acks };
}

/** An INVITE we send, as the UA would build it (UDP to 192.0.2.20). */
function outgoingInvite(transport: "udp" | "tcp" = "udp"): SipRequest {
  const request = incoming(INVITE.replace("z9hG4bKinv1", "z9hG4bKout1").replace("SIP/2.0/UDP", `SIP/2.0/${transport.toUpperCase()}`)).message;
  if (request.kind !== "request") throw new Error("not a request");
  return request;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("INVITE server transaction", () => {
  it("sends 100 Trying at once and answers a retransmitted INVITE with the last provisional response, without a new transaction", async () => {
    const { sender, transactions, requests } = layer();
    transactions.receive(incoming(INVITE));
    expect(sender.summary).toEqual(["100"]);
    expect(sender.sent[0]?.destination).toEqual({ transport: "udp", address: "192.0.2.10", port: 5060 });
    const tx = requests[0]!;
    tx.respond(buildResponse(tx.request, tx.core, 180, { toTag: "ours" }));
    transactions.receive(incoming(INVITE));
    expect(requests).toHaveLength(1);
    expect(sender.summary).toEqual(["100", "180", "180"]);
  });

  it("retransmits a non-2xx final at T1 doubling to T2 until the ACK (same branch), which it absorbs; gone after T4 (Timers G, I)", async () => {
    const { sender, transactions, requests, acks } = layer();
    transactions.receive(incoming(INVITE));
    const tx = requests[0]!;
    tx.respond(buildResponse(tx.request, tx.core, 486, { toTag: "ours" }));
    sender.clear();
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000 + 4000 + 4000);
    expect(sender.summary).toEqual(["486", "486", "486", "486", "486"]);
    transactions.receive(incoming(ackFor("z9hG4bKinv1", "ours")));
    expect(acks).toEqual([]);
    expect(tx.state).toBe("confirmed");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sender.summary).toHaveLength(5);
    expect(tx.state).toBe("terminated");
    expect(transactions.size.server).toBe(0);
  });

  it("without an ACK gives up after 64×T1 (Timer H)", async () => {
    const { transactions, requests } = layer();
    transactions.receive(incoming(INVITE));
    const tx = requests[0]!;
    tx.respond(buildResponse(tx.request, tx.core, 603, { toTag: "ours" }));
    await vi.advanceTimersByTimeAsync(31_900);
    expect(tx.state).toBe("completed");
    await vi.advanceTimersByTimeAsync(200);
    expect(tx.state).toBe("terminated");
  });

  it("retransmits a 2xx at 0.5, 1.5, 3.5, 7.5, 11.5 … s until acknowledged; the 2xx's ACK (new branch) goes to the core", async () => {
    const { sender, transactions, requests, acks } = layer();
    transactions.receive(incoming(INVITE));
    const tx = requests[0]!;
    tx.respond(buildResponse(tx.request, tx.core, 200, { toTag: "ours" }));
    sender.clear();
    await vi.advanceTimersByTimeAsync(11_600);
    expect(sender.summary).toEqual(["200", "200", "200", "200", "200"]);
    transactions.receive(incoming(INVITE)); // a retransmitted INVITE is absorbed in Accepted (RFC 6026)
    expect(requests).toHaveLength(1);
    transactions.receive(incoming(ackFor("z9hG4bKack2", "ours")));
    expect(acks).toHaveLength(1);
    tx.acknowledge();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sender.summary).toHaveLength(5);
    expect(transactions.size.server).toBe(0);
  });

  it("a 2xx never acknowledged: 10 retransmissions, then onAckTimeout at 32 s", async () => {
    const { sender, transactions, requests } = layer();
    transactions.receive(incoming(INVITE));
    const tx = requests[0]!;
    const timedOut = vi.fn();
    tx.onAckTimeout = timedOut;
    tx.respond(buildResponse(tx.request, tx.core, 200, { toTag: "ours" }));
    sender.clear();
    await vi.advanceTimersByTimeAsync(31_999);
    expect(timedOut).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2);
    expect(timedOut).toHaveBeenCalledTimes(1);
    expect(sender.summary).toHaveLength(10);
  });

  it("a final response after the final one is ignored (a 487 racing the 200)", () => {
    const { sender, transactions, requests } = layer();
    transactions.receive(incoming(INVITE));
    const tx = requests[0]!;
    tx.respond(buildResponse(tx.request, tx.core, 200, { toTag: "ours" }));
    tx.respond(buildResponse(tx.request, tx.core, 487, { toTag: "ours" }));
    expect(sender.summary).toEqual(["100", "200"]);
  });

  it("CANCEL gets its own transaction and finds the INVITE's by branch", () => {
    const { transactions, requests } = layer();
    transactions.receive(incoming(INVITE));
    transactions.receive(incoming(INVITE.replace("INVITE sip:", "CANCEL sip:").replace("1 INVITE", "1 CANCEL")));
    expect(requests.map((tx) => tx.method)).toEqual(["INVITE", "CANCEL"]);
    expect(transactions.findInviteFor(requests[1]!)).toBe(requests[0]);
  });

  it("over TCP, no retransmissions of a final response", async () => {
    const { sender, transactions, requests } = layer();
    transactions.receive(incoming(INVITE.replace("SIP/2.0/UDP", "SIP/2.0/TCP"), { transport: "tcp", address: "192.0.2.10", port: 40000, connectionId: 3 }));
    const tx = requests[0]!;
    tx.respond(buildResponse(tx.request, tx.core, 486, { toTag: "ours" }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sender.summary).toEqual(["100", "486"]);
    expect(sender.sent[1]?.destination).toMatchObject({ transport: "tcp", connectionId: 3 });
  });
});

describe("non-INVITE server transaction", () => {
  it("answers a retransmission with the same response, and forgets the request after 64×T1 (Timer J)", async () => {
    const { sender, transactions, requests } = layer();
    transactions.receive(incoming(OPTIONS));
    const tx = requests[0]!;
    expect(sender.summary).toEqual([]);
    transactions.receive(incoming(OPTIONS)); // nothing sent yet: absorbed
    tx.respond(buildResponse(tx.request, tx.core, 200, { toTag: "ours" }));
    transactions.receive(incoming(OPTIONS));
    expect(sender.summary).toEqual(["200", "200"]);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(32_001);
    expect(transactions.size.server).toBe(0);
  });

  it("past maxServerTransactions a new request is answered 503 and not kept", () => {
    const sender = new RecordingSender();
    const requests: ServerTransaction[] = [];
    const transactions = new SipTransactions(sender, { onRequest: (tx) => requests.push(tx), onAck: () => undefined }, { maxServerTransactions: 2 });
    for (let i = 0; i < 5; i++) transactions.receive(incoming(OPTIONS.replace("z9hG4bKopt1", `z9hG4bKopt-${i}`)));
    expect(requests).toHaveLength(2);
    expect(sender.summary).toEqual(["503", "503", "503"]);
    expect(getHeader(sender.sent[0]!.message, "retry-after")).toBe("5");
  });
});

describe("INVITE client transaction", () => {
  const destination = { transport: "udp" as const, address: "192.0.2.20", port: 5060 };

  it("retransmits at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s (Timer A) and times out at 32 s (Timer B)", async () => {
    const { sender, transactions } = layer();
    const onTimeout = vi.fn();
    transactions.request(outgoingInvite(), destination, { onResponse: vi.fn(), onTimeout, onTransportError: vi.fn() });
    await vi.advanceTimersByTimeAsync(31_600);
    expect(sender.summary).toEqual(Array(7).fill("INVITE"));
    expect(onTimeout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(transactions.size.client).toBe(0);
  });

  it("a provisional response stops retransmissions and Timer B; a 486 is ACKed in the transaction (same branch, the response's To tag), once to the core", async () => {
    const { sender, transactions } = layer();
    const responses: number[] = [];
    const onTimeout = vi.fn();
    const invite = outgoingInvite();
    transactions.request(invite, destination, { onResponse: (r) => responses.push(r.message.kind === "response" ? r.message.status : 0), onTimeout, onTransportError: vi.fn() });
    const sentInvite = reparse(invite);
    transactions.receive(reparse(buildResponse(invite, sentInvite.core, 180, { toTag: "callee" })));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sender.summary).toEqual(["INVITE"]);
    expect(onTimeout).not.toHaveBeenCalled();
    const busy = buildResponse(invite, sentInvite.core, 486, { toTag: "callee" });
    transactions.receive(reparse(busy));
    transactions.receive(reparse(busy));
    expect(responses).toEqual([180, 486]);
    expect(sender.summary).toEqual(["INVITE", "ACK", "ACK"]);
    const ack = reparse(sender.sent[1]!.message);
    expect(ack.core.via[0]?.params.get("branch")).toBe("z9hG4bKout1");
    expect(ack.core.cseq).toEqual({ seq: 1, method: "ACK" });
    expect(tagOf(ack.core.to)).toBe("callee");
    expect(ack.message.kind === "request" && ack.message.uri).toBe(invite.uri);
  });

  it("every 2xx goes to the core (it ACKs each); no ACK from the transaction", () => {
    const { sender, transactions } = layer();
    const responses: number[] = [];
    const invite = outgoingInvite();
    transactions.request(invite, destination, { onResponse: (r) => responses.push(r.message.kind === "response" ? r.message.status : 0), onTimeout: vi.fn(), onTransportError: vi.fn() });
    const ok = reparse(buildResponse(invite, reparse(invite).core, 200, { toTag: "callee" }));
    transactions.receive(ok);
    transactions.receive(ok);
    expect(responses).toEqual([200, 200]);
    expect(sender.summary).toEqual(["INVITE"]);
  });

  it("over TCP sends once (no Timer A)", async () => {
    const { sender, transactions } = layer();
    transactions.request(outgoingInvite("tcp"), { ...destination, transport: "tcp" }, { onResponse: vi.fn(), onTimeout: vi.fn(), onTransportError: vi.fn() });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sender.summary).toEqual(["INVITE"]);
  });

  it("a send failure ends the transaction with onTransportError", async () => {
    const { sender, transactions } = layer();
    sender.failWith = new Error("ECONNREFUSED");
    const onTransportError = vi.fn();
    transactions.request(outgoingInvite("tcp"), { ...destination, transport: "tcp" }, { onResponse: vi.fn(), onTimeout: vi.fn(), onTransportError });
    await vi.advanceTimersByTimeAsync(0);
    expect(onTransportError).toHaveBeenCalledWith(expect.objectContaining({ message: "ECONNREFUSED" }));
    expect(transactions.size.client).toBe(0);
  });
});

describe("non-INVITE client transaction", () => {
  it("retransmits at T1 doubling to T2 (Timer E), every T2 once a provisional came, and times out at 64×T1 (Timer F)", async () => {
    const { sender, transactions } = layer();
    const onTimeout = vi.fn();
    const options = incoming(OPTIONS).message;
    if (options.kind !== "request") throw new Error();
    transactions.request(options, { transport: "udp", address: "192.0.2.20", port: 5060 }, { onResponse: vi.fn(), onTimeout, onTransportError: vi.fn() });
    await vi.advanceTimersByTimeAsync(7_600); // 0.5, 1.5, 3.5, 7.5
    expect(sender.summary).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(4_000); // 11.5
    expect(sender.summary).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(32_000 - 11_600 + 1);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(sender.summary).toHaveLength(11); // …, 15.5, 19.5, 23.5, 27.5, 31.5
  });

  it("a final response reaches the core once; retransmissions of it are absorbed", () => {
    const { transactions } = layer();
    const onResponse = vi.fn();
    const options = incoming(OPTIONS).message;
    if (options.kind !== "request") throw new Error();
    transactions.request(options, { transport: "udp", address: "192.0.2.20", port: 5060 }, { onResponse, onTimeout: vi.fn(), onTransportError: vi.fn() });
    const ok = reparse(buildResponse(options, reparse(options).core, 200, { toTag: "x" }));
    transactions.receive(ok);
    transactions.receive(ok);
    expect(onResponse).toHaveBeenCalledTimes(1);
  });
});
