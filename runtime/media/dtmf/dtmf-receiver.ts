import type { RtpPacket } from "../rtp/rtp-packet";
import { seqDiff } from "../rtp/rtp-packet";
import { dtmfDigit, parseTelephoneEvent } from "./telephone-event";

/** How many recent presses are remembered, so a late copy of an older press's end packet is not a new press. */
const REMEMBERED_PRESSES = 16;
/** RFC 4733 sends the end packet 3 times; a relay that re-stamps them gives new timestamps at seq +1…+3 (MEDIA.md 2.3 rule 4). */
const RESTAMP_WINDOW = 3;

interface Press {
  ssrc: number;
  timestamp: number;
  event: number;
  /** E=0 packets of this identity arrived after its end: the same press is being played again (sipp's pcap replays). */
  rearmed: boolean;
}

/**
 * Turns one leg's RFC 4733 telephone-event packets into keypad presses, each reported once
 * (MEDIA.md 2.3):
 * 1. only an E=1 packet yields a digit; the redundant end copies do not;
 * 2. a press is (SSRC, RTP timestamp, event code): a new timestamp or code is a new press even
 *    without E=0 packets (Chromium's short 126/8000 tones are 3 packets, all E=1);
 * 3. E=0 packets of a press that already ended re-arm it (sipp replays a pcap byte for byte, so the
 *    same digit file played twice repeats timestamp, seq and SSRC);
 * 4. an E=1 packet of the last digit's code, with a new timestamp, a seq 1–3 after the last end
 *    packet, no E=0 packet since and no marker, is a relay's re-stamped end copy, not a press (a
 *    new event starts with the marker: Chromium's short tones carry it, so "55" sent with a 30 ms
 *    gap is still two presses);
 * 5. a press may last any time (long events continue under new timestamps with E=0): only its end counts.
 * Events other than 0–15 (flash, tones) are ignored.
 */
export class DtmfReceiver {
  private readonly presses: Press[] = [];
  private lastEnd: { ssrc: number; event: number; sequenceNumber: number } | undefined;
  /** An E=0 packet arrived since the last end packet: the next end belongs to a press in progress. */
  private progressSinceEnd = false;

  constructor(private readonly onDigit: (digit: string) => void) {}

  /** Feed every telephone-event packet of the leg, in arrival order. */
  receive(packet: RtpPacket): void {
    const te = parseTelephoneEvent(packet.payload);
    if (te === undefined) return;
    const digit = dtmfDigit(te.event);
    if (digit === undefined) return;
    const known = this.presses.find(
      (p) => p.ssrc === packet.ssrc && p.timestamp === packet.timestamp && p.event === te.event,
    );
    if (!te.end) {
      if (known !== undefined) known.rearmed = true;
      this.progressSinceEnd = true;
      return;
    }
    if (known !== undefined && !known.rearmed) {
      this.noteEnd(packet, te.event);
      return; // a redundant copy of an end already reported
    }
    const last = this.lastEnd;
    if (
      known === undefined &&
      !packet.marker &&
      last !== undefined &&
      !this.progressSinceEnd &&
      last.ssrc === packet.ssrc &&
      last.event === te.event
    ) {
      const after = seqDiff(packet.sequenceNumber, last.sequenceNumber);
      if (after >= 1 && after <= RESTAMP_WINDOW) {
        this.noteEnd(packet, te.event);
        return; // a relay re-stamped the end copies of the press just reported
      }
    }
    if (known !== undefined) {
      known.rearmed = false;
    } else {
      this.presses.push({ ssrc: packet.ssrc, timestamp: packet.timestamp, event: te.event, rearmed: false });
      if (this.presses.length > REMEMBERED_PRESSES) this.presses.shift();
    }
    this.noteEnd(packet, te.event);
    this.onDigit(digit);
  }

  private noteEnd(packet: RtpPacket, event: number): void {
    this.lastEnd = { ssrc: packet.ssrc, event, sequenceNumber: packet.sequenceNumber };
    this.progressSinceEnd = false;
  }
}
