import { dtmfEvent, serializeTelephoneEvent } from "./telephone-event";

export interface DtmfPacket {
  payload: Buffer;
  marker: boolean;
  /** Every packet of a press carries the press's RTP timestamp. */
  timestampOffset: 0;
  /** The duration field of this packet, in RTP clock units. */
  durationSamples: number;
}

export interface DtmfOptions {
  /** Tone length, 100 ms by default (40 ms at least). */
  durationMs?: number;
  /** The negotiated telephone-event clock: 8000 (Meta, SIP) or 48000 (browsers offering 110/48000). */
  clockRate: number;
  /** One packet per 20 ms. */
  packetMs?: 20;
}

/** Volume of the generated tones, −10 dBm0 (what sipp and Chromium send). */
const VOLUME = 10;
/** RFC 4733 §2.5.1.4: the end packet is sent three times. */
const END_COPIES = 3;

/**
 * The telephone-event payloads of one key press (RFC 4733 §2.5): the first packet with the marker,
 * one progress packet (E=0) per 20 ms with the duration so far, then 3 end packets (E=1) with the
 * final duration. The caller sends one packet per 20 ms on the leg's SSRC and owns seq and ts: every
 * packet of the press takes the same RTP timestamp (the press's start), each a new seq.
 * Throws a RangeError for a key that is not on the keypad, or a duration the 16-bit field cannot hold.
 */
export function dtmfPackets(digit: string, options: DtmfOptions): DtmfPacket[] {
  const event = dtmfEvent(digit);
  if (event === undefined) throw new RangeError(`"${digit}" is not a DTMF key (0–9, *, #, A–D)`);
  const durationMs = options.durationMs ?? 100;
  const packetMs = options.packetMs ?? 20;
  const step = (options.clockRate * packetMs) / 1000;
  const total = Math.round((options.clockRate * durationMs) / 1000);
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`telephone-event clock rate ${options.clockRate} Hz is not usable`);
  if (durationMs < 40 || total > 0xffff) {
    const maxMs = Math.floor((0xffff * 1000) / options.clockRate);
    throw new RangeError(`DTMF tone length must be 40–${maxMs} ms at ${options.clockRate} Hz, got ${durationMs}`);
  }
  const packets: DtmfPacket[] = [];
  for (let duration = step; duration < total; duration += step) {
    packets.push(packet(event, false, duration, packets.length === 0));
  }
  for (let i = 0; i < END_COPIES; i++) packets.push(packet(event, true, total, packets.length === 0));
  return packets;
}

function packet(event: number, end: boolean, duration: number, marker: boolean): DtmfPacket {
  return { payload: serializeTelephoneEvent({ event, end, volume: VOLUME, duration }), marker, timestampOffset: 0, durationSamples: duration };
}
