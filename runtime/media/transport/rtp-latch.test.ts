import { describe, expect, it } from "vitest";
import { RtpLatch } from "./rtp-latch";

const SDP = { address: "198.51.100.7", port: 4000 };
const NAT = { address: "203.0.113.9", port: 61000 };
const STRANGER = { address: "192.0.2.66", port: 5060 };

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("RtpLatch", () => {
  it("sends to the SDP's address; its own packets latch at once", () => {
    const latch = new RtpLatch(SDP);
    expect(latch.destination).toEqual(SDP);
    expect(latch.accept(SDP, 1, 10)).toBe(true);
    expect(latch.latchedTo).toEqual(SDP);
  });

  it("a source on probation needs 4 packets in a row with one SSRC and rising sequence numbers", () => {
    const latch = new RtpLatch(SDP);
    // Alternating SSRCs, or sequence numbers that go back or jump, never finish probation.
    for (let k = 0; k < 20; k++) expect(latch.accept(NAT, k % 2 === 0 ? 1 : 2, 100 + k)).toBe(false);
    for (const seq of [200, 199, 198, 197, 196, 195]) expect(latch.accept(NAT, 1, seq)).toBe(false);
    for (const seq of [300, 700, 1100, 1500, 1900]) expect(latch.accept(NAT, 1, seq)).toBe(false);
    expect(latch.destination).toEqual(SDP);
    expect([latch.accept(NAT, 1, 10), latch.accept(NAT, 1, 11), latch.accept(NAT, 1, 12), latch.accept(NAT, 1, 14)]).toEqual([false, false, false, true]);
    expect(latch.destination).toEqual(NAT);
    // Across the sequence wrap too.
    const other = new RtpLatch(undefined);
    expect([65534, 65535, 0, 1].map((seq) => other.accept(NAT, 9, seq))).toEqual([false, false, false, true]);
  });

  it("once latched, another source takes over only after its probation and 200 ms of silence from the latched one", () => {
    const time = clock();
    const latch = new RtpLatch(SDP, { now: time.now });
    latch.accept(SDP, 1, 1);
    // The peer talks every 20 ms; the stranger sends 10 packets between each of the peer's.
    for (let k = 0; k < 50; k++) {
      time.advance(20);
      expect(latch.accept(SDP, 1, 2 + k)).toBe(true);
      for (let j = 0; j < 10; j++) expect(latch.accept(STRANGER, 77, k * 10 + j)).toBe(false);
    }
    // Silent peer, but only 100 ms: still no.
    time.advance(100);
    for (let j = 0; j < 10; j++) expect(latch.accept(STRANGER, 77, 1000 + j)).toBe(false);
    time.advance(100);
    expect(latch.accept(STRANGER, 77, 1010)).toBe(true);
    expect(latch.relatches).toBe(1);
    // The old source's packets are now the stranger's.
    expect(latch.accept(SDP, 1, 60)).toBe(false);
  });

  it("a new SDP address resets the latch; the same one changes nothing", () => {
    const latch = new RtpLatch(SDP);
    latch.accept(SDP, 1, 1);
    latch.signal({ ...SDP });
    expect(latch.latchedTo).toEqual(SDP);
    latch.signal(NAT);
    expect(latch.latchedTo).toBeUndefined();
    expect(latch.destination).toEqual(NAT);
    latch.signal(undefined);
    expect(latch.destination).toBeUndefined();
  });
});
