import { randomInt } from "node:crypto";
import { Encoder } from "@evan/opus";
import { serializeRtp } from "../rtp/rtp-packet";
import { dtmfEvent, serializeTelephoneEvent } from "../dtmf/telephone-event";

function keyEvent(digit: string): number {
  const event = dtmfEvent(digit);
  if (event === undefined) throw new Error(`"${digit}" is not a DTMF key`);
  return event;
}

const SAMPLE_RATE = 48000;
const FRAME_MS = 20;
const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

export interface RtpAudioSenderOptions {
  ssrc: number;
  payloadType: number;
  telephoneEvent?: { payloadType: number; clockRate: number };
  /** Where each finished RTP packet goes (a transport's sendRtp, a werift sender). */
  send(packet: Buffer): void;
}

interface DigitPlan {
  event: number;
  frames: number;
  gapFrames: number;
}

interface DigitInProgress extends DigitPlan {
  timestamp: number;
  sent: number;
}

/**
 * A test's RTP audio source: a sine tone (or silence) encoded with @evan/opus at 48 kHz in 20 ms
 * frames, paced by a timer that catches up on late ticks, one SSRC with continuous seq/ts; DTMF
 * digits replace the audio frames while they play (RFC 4733: one timestamp per press, the first
 * packet marked, the end packet sent three times), as a browser sends them.
 */
export class RtpAudioSender {
  private readonly encoder = new Encoder({ channels: 1, sample_rate: SAMPLE_RATE, application: "voip" });
  private readonly pcm = new Int16Array(FRAME_SAMPLES);
  private frequency: number | undefined;
  private amplitude = 0.25;
  private phase = 0;
  private sequenceNumber = randomInt(0, 0x8000);
  private timestamp = randomInt(0, 0x7fffffff);
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;
  private readonly digits: DigitPlan[] = [];
  private digit: DigitInProgress | undefined;
  private gapLeft = 0;
  private digitsDone: (() => void)[] = [];
  /** Recorded audio to send (48 kHz), before the tone or silence goes on. */
  private speech: { samples: Int16Array; at: number; done: () => void; frames: number } | undefined;
  packetsSent = 0;

  constructor(private readonly options: RtpAudioSenderOptions) {}

  /** Plays a sine of `frequency` Hz (undefined: silence) from the next frame on; starts the clock. */
  play(frequency: number | undefined, amplitude = 0.25): void {
    this.frequency = frequency;
    this.amplitude = amplitude;
    if (this.timer === undefined) {
      this.nextAt = performance.now();
      this.tick();
    }
  }

  /**
   * Sends `samples` (48 kHz mono PCM: real speech) from the next frame on, in 20 ms frames at the
   * real pace, then goes on with what played before (tone or silence). Resolves with when its
   * last frame left (performance.now()).
   */
  playPcm(samples: Int16Array): Promise<number> {
    return new Promise((resolve) => {
      this.speech = { samples, at: 0, frames: 0, done: () => resolve(performance.now()) };
      if (this.timer === undefined) this.play(this.frequency, this.amplitude);
    });
  }

  /** Sends `digits` as telephone-event presses of `toneMs` with `gapMs` of audio between; resolves after the last. */
  sendDigits(digits: string, { toneMs = 160, gapMs = 100 }: { toneMs?: number; gapMs?: number } = {}): Promise<void> {
    if (!this.options.telephoneEvent) throw new Error("no telephone-event payload type was negotiated");
    for (const digit of digits) this.digits.push({ event: keyEvent(digit), frames: Math.max(1, Math.round(toneMs / FRAME_MS)), gapFrames: Math.round(gapMs / FRAME_MS) });
    if (this.timer === undefined) this.play(this.frequency, this.amplitude);
    return new Promise((resolve) => this.digitsDone.push(resolve));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick = (): void => {
    const now = performance.now();
    if (now - this.nextAt > 200) this.nextAt = now; // after a long stall, do not burst
    while (this.nextAt <= now) {
      this.frame();
      this.nextAt += FRAME_MS;
    }
    this.timer = setTimeout(this.tick, Math.max(1, this.nextAt - performance.now()));
  };

  private frame(): void {
    if (!this.digit && this.gapLeft === 0) {
      const next = this.digits.shift();
      if (next) this.digit = { ...next, timestamp: this.timestamp, sent: 0 };
    }
    if (this.digit) this.digitFrame(this.digit);
    else {
      if (this.gapLeft > 0) this.gapLeft--;
      this.audioFrame();
    }
    this.timestamp = (this.timestamp + FRAME_SAMPLES) >>> 0;
  }

  private audioFrame(): void {
    const speech = this.speech;
    if (speech !== undefined) {
      this.pcm.fill(0);
      this.pcm.set(speech.samples.subarray(speech.at, speech.at + FRAME_SAMPLES));
      speech.at += FRAME_SAMPLES;
      this.emit(this.options.payloadType, this.timestamp, false, Buffer.from(this.encoder.encode(this.pcm)));
      if (speech.at >= speech.samples.length) {
        this.speech = undefined;
        speech.done();
      }
      return;
    }
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      this.pcm[i] = this.frequency === undefined ? 0 : Math.round(32767 * this.amplitude * Math.sin(this.phase));
      if (this.frequency !== undefined) this.phase = (this.phase + (2 * Math.PI * this.frequency) / SAMPLE_RATE) % (2 * Math.PI);
    }
    const payload = Buffer.from(this.encoder.encode(this.pcm));
    this.emit(this.options.payloadType, this.timestamp, false, payload);
  }

  private digitFrame(digit: DigitInProgress): void {
    const te = this.options.telephoneEvent;
    if (!te) return;
    digit.sent++;
    const duration = Math.round((digit.sent * FRAME_MS * te.clockRate) / 1000);
    const end = digit.sent >= digit.frames;
    const payload = serializeTelephoneEvent({ event: digit.event, end, volume: 10, duration });
    for (let copy = 0; copy < (end ? 3 : 1); copy++) this.emit(te.payloadType, digit.timestamp, digit.sent === 1 && copy === 0, payload);
    if (!end) return;
    this.digit = undefined;
    this.gapLeft = digit.gapFrames;
    if (this.digits.length === 0) for (const done of this.digitsDone.splice(0)) setTimeout(done, digit.gapFrames * FRAME_MS);
  }

  private emit(payloadType: number, timestamp: number, marker: boolean, payload: Uint8Array): void {
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.options.send(serializeRtp({ payloadType, sequenceNumber: this.sequenceNumber, timestamp, ssrc: this.options.ssrc, marker, csrcs: [], payload: Buffer.from(payload) }));
    this.packetsSent++;
  }
}
