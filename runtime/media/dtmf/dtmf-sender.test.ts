import { describe, expect, it } from "vitest";
import { dtmfPackets } from "./dtmf-sender";
import { parseTelephoneEvent } from "./telephone-event";

const fields = (digit: string, options: Parameters<typeof dtmfPackets>[1]) =>
  dtmfPackets(digit, options).map((p) => ({ ...parseTelephoneEvent(p.payload), marker: p.marker, offset: p.timestampOffset, samples: p.durationSamples }));

describe("dtmfPackets", () => {
  it("makes a 100 ms press at 8 kHz: marker first, progress +160 every 20 ms, 3 end packets with the final duration", () => {
    expect(fields("5", { clockRate: 8000 })).toEqual([
      { event: 5, end: false, volume: 10, duration: 160, marker: true, offset: 0, samples: 160 },
      { event: 5, end: false, volume: 10, duration: 320, marker: false, offset: 0, samples: 320 },
      { event: 5, end: false, volume: 10, duration: 480, marker: false, offset: 0, samples: 480 },
      { event: 5, end: false, volume: 10, duration: 640, marker: false, offset: 0, samples: 640 },
      { event: 5, end: true, volume: 10, duration: 800, marker: false, offset: 0, samples: 800 },
      { event: 5, end: true, volume: 10, duration: 800, marker: false, offset: 0, samples: 800 },
      { event: 5, end: true, volume: 10, duration: 800, marker: false, offset: 0, samples: 800 },
    ]);
  });

  it("counts in the negotiated clock: 48 kHz steps by 960", () => {
    const packets = fields("#", { clockRate: 48000, durationMs: 200 });
    expect(packets.map((p) => p.duration)).toEqual([960, 1920, 2880, 3840, 4800, 5760, 6720, 7680, 8640, 9600, 9600, 9600]);
    expect(packets.every((p) => p.event === 11)).toBe(true);
    expect(packets.filter((p) => p.marker)).toHaveLength(1);
  });

  it("accepts lower-case A–D and rounds a length that is not a whole number of packets", () => {
    const packets = fields("d", { clockRate: 8000, durationMs: 50 });
    expect(packets.map((p) => [p.end, p.duration])).toEqual([
      [false, 160],
      [false, 320],
      [true, 400],
      [true, 400],
      [true, 400],
    ]);
  });

  it("refuses keys that are not on the keypad and lengths the 16-bit duration cannot hold", () => {
    expect(() => dtmfPackets("x", { clockRate: 8000 })).toThrow(/not a DTMF key/);
    expect(() => dtmfPackets("1", { clockRate: 48000, durationMs: 2000 })).toThrow(/40–1365 ms/);
    expect(() => dtmfPackets("1", { clockRate: 8000, durationMs: 10 })).toThrow(/40–8191 ms/);
    expect(dtmfPackets("1", { clockRate: 8000, durationMs: 8000 })).toHaveLength(399 + 3);
  });
});
