/**
 * The RFC 4733 telephone-event payload: event (0–9, 10 `*`, 11 `#`, 12–15 A–D, 16 flash, …), the
 * E (end) bit, the R bit, a 6-bit volume (−dBm0), a 16-bit duration in RTP clock units.
 */

export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** Power level as −dBm0, 0–63. */
  volume: number;
  /** Duration so far, in RTP clock units (8000 or 48000 Hz, as negotiated). */
  duration: number;
}

/** The first event of the payload (4 bytes), or undefined when it is shorter. */
export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const flags = payload.readUInt8(1);
  return { event: payload.readUInt8(0), end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: payload.readUInt16BE(2) };
}

/** The 4-byte payload. Throws a RangeError for a field out of its range. */
export function serializeTelephoneEvent(e: TelephoneEvent): Buffer {
  const check = (name: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`telephone-event ${name} must be 0–${max}, got ${value}`);
  };
  check("event", e.event, 255);
  check("volume", e.volume, 63);
  check("duration", e.duration, 0xffff);
  const out = Buffer.alloc(4);
  out.writeUInt8(e.event, 0);
  out.writeUInt8((e.end ? 0x80 : 0) | e.volume, 1);
  out.writeUInt16BE(e.duration, 2);
  return out;
}

const DIGITS = "0123456789*#ABCD";

/** The keypad key of a DTMF event code (0–15), or undefined for other events (flash, tones). */
export function dtmfDigit(event: number): string | undefined {
  return Number.isInteger(event) && event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

/** The event code of a keypad key ("0"–"9", "*", "#", "A"–"D", lower case too), or undefined. */
export function dtmfEvent(digit: string): number | undefined {
  if (digit.length !== 1) return undefined;
  const index = DIGITS.indexOf(digit.toUpperCase());
  return index < 0 ? undefined : index;
}
