/**
 * A minimal RFC 4733 telephone-event payload for test peers. runtime/media/dtmf/telephone-event.ts
 * (another change) has the real one with the same `serializeTelephoneEvent`; this one goes when they merge.
 */
export interface TelephoneEvent {
  /** 0–9, 10 `*`, 11 `#`, 12–15 A–D. */
  event: number;
  end: boolean;
  /** 0–63, in −dBm0 (10 is a typical level). */
  volume: number;
  /** In RTP clock units of the telephone-event payload type. */
  duration: number;
}

const DIGITS = "0123456789*#ABCD";

export function eventOfDigit(digit: string): number {
  const code = DIGITS.indexOf(digit.toUpperCase());
  if (code < 0 || digit.length !== 1) throw new Error(`"${digit}" is not a DTMF digit`);
  return code;
}

export function digitOfEvent(event: number): string | undefined {
  return DIGITS[event];
}

export function serializeTelephoneEvent(event: TelephoneEvent): Buffer {
  const payload = Buffer.alloc(4);
  payload[0] = event.event & 0xff;
  payload[1] = (event.end ? 0x80 : 0) | (event.volume & 0x3f);
  payload.writeUInt16BE(Math.min(0xffff, event.duration), 2);
  return payload;
}

export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return {
    event: payload[0] ?? 0,
    end: ((payload[1] ?? 0) & 0x80) !== 0,
    volume: (payload[1] ?? 0) & 0x3f,
    duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0),
  };
}
