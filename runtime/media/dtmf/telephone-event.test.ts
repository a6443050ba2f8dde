import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dtmfDigit, dtmfEvent, parseTelephoneEvent, serializeTelephoneEvent } from "./telephone-event";

describe("parseTelephoneEvent", () => {
  it("reads sipp's digit 1 (01 0a 00 00) and its end packet (01 8a 08 c0: E=1, 280 ms at 8 kHz)", () => {
    expect(parseTelephoneEvent(Buffer.from("010a0000", "hex"))).toEqual({ event: 1, end: false, volume: 10, duration: 0 });
    expect(parseTelephoneEvent(Buffer.from("018a08c0", "hex"))).toEqual({ event: 1, end: true, volume: 10, duration: 2240 });
  });

  it("ignores the R bit and refuses payloads shorter than 4 bytes", () => {
    expect(parseTelephoneEvent(Buffer.from("0bff1234", "hex"))).toEqual({ event: 11, end: true, volume: 63, duration: 0x1234 });
    expect(parseTelephoneEvent(Buffer.from("010a00", "hex"))).toBeUndefined();
  });

  it("round-trips every event", () => {
    const events = fc.record({
      event: fc.integer({ min: 0, max: 255 }),
      end: fc.boolean(),
      volume: fc.integer({ min: 0, max: 63 }),
      duration: fc.integer({ min: 0, max: 0xffff }),
    });
    fc.assert(
      fc.property(events, (e) => {
        expect(parseTelephoneEvent(serializeTelephoneEvent(e))).toEqual(e);
      }),
    );
  });

  it("refuses to write fields out of range", () => {
    expect(() => serializeTelephoneEvent({ event: 1, end: false, volume: 64, duration: 0 })).toThrow(/volume/);
    expect(() => serializeTelephoneEvent({ event: 1, end: false, volume: 10, duration: 65536 })).toThrow(/duration/);
    expect(() => serializeTelephoneEvent({ event: 256, end: false, volume: 10, duration: 0 })).toThrow(/event/);
  });
});

describe("dtmfDigit and dtmfEvent", () => {
  it("map the 16 keys both ways", () => {
    const keys = "0123456789*#ABCD".split("");
    expect(keys.map((_, i) => dtmfDigit(i))).toEqual(keys);
    expect(keys.map((key) => dtmfEvent(key))).toEqual(keys.map((_, i) => i));
    expect(dtmfEvent("d")).toBe(15);
  });

  it("know nothing of flash, other events or other characters", () => {
    expect(dtmfDigit(16)).toBeUndefined();
    expect(dtmfDigit(-1)).toBeUndefined();
    expect(dtmfEvent("E")).toBeUndefined();
    expect(dtmfEvent("12")).toBeUndefined();
    expect(dtmfEvent("")).toBeUndefined();
  });
});
