import { seqDiff } from "../rtp/rtp-packet";

export interface RtpSource {
  address: string;
  port: number;
}

export interface RtpLatchOptions {
  /** Packets in a row, from one new source with one SSRC and rising sequence numbers, before we trust it. Default 4. */
  probationPackets?: number;
  /** Once latched, how long the latched source must have been silent before another may take over. Default 200 ms. */
  relatchSilenceMs?: number;
  now?: () => number;
}

interface Candidate extends RtpSource {
  ssrc: number;
  lastSeq: number;
  count: number;
}

const sameSource = (a: RtpSource | undefined, b: RtpSource) => a !== undefined && a.address === b.address && a.port === b.port;

/**
 * Symmetric RTP (RFC 4961; MEDIA.md 3.5, NAT): where our RTP goes, and whose RTP we take. Before
 * any packet we send to the address in the peer's SDP. A packet from exactly that address and port
 * latches at once; any other source (a NAT's public port) must first send `probationPackets`
 * packets in a row with one SSRC and rising sequence numbers. Once latched, packets from the
 * latched source are taken whatever their SSRC (a new stream from the same peer); another source
 * takes over only after its probation *and* `relatchSilenceMs` without a packet from the latched
 * one — so a stranger spraying packets at our port while the peer talks never hijacks the call,
 * while a peer whose NAT mapping moved is followed within a few packets. Payload types are
 * checked by the caller before `accept`.
 */
export class RtpLatch {
  private latched: RtpSource | undefined;
  /** When the latched source last sent. */
  private latchedLastAt = 0;
  private candidate: Candidate | undefined;
  private readonly probation: number;
  private readonly silenceMs: number;
  private readonly now: () => number;
  /** Packets refused (a stranger, or a source still on probation). */
  refused = 0;
  /** Times the latch moved to another source (the first latch is not counted). */
  relatches = 0;

  constructor(
    private signalled: RtpSource | undefined,
    options: RtpLatchOptions = {},
  ) {
    this.probation = options.probationPackets ?? 4;
    this.silenceMs = options.relatchSilenceMs ?? 200;
    this.now = options.now ?? (() => performance.now());
  }

  /** Where to send: the latched source, else the SDP's address (undefined: nowhere yet). */
  get destination(): RtpSource | undefined {
    return this.latched ?? this.signalled;
  }

  get latchedTo(): RtpSource | undefined {
    return this.latched;
  }

  /** A new SDP address (re-INVITE): sending goes there and the latch starts again. Same address: nothing changes. */
  signal(source: RtpSource | undefined): void {
    if (source === undefined ? this.signalled === undefined : sameSource(this.signalled, source)) return;
    this.signalled = source;
    this.latched = undefined;
    this.candidate = undefined;
  }

  /** Should this packet be taken? Moves the latch when the rules say so. */
  accept(source: RtpSource, ssrc: number, seq: number): boolean {
    const now = this.now();
    if (sameSource(this.latched, source)) {
      this.latchedLastAt = now;
      this.candidate = undefined;
      return true;
    }
    if (this.latched === undefined && sameSource(this.signalled, source)) {
      this.latch(source, now);
      return true;
    }
    const candidate = this.candidate;
    if (candidate !== undefined && sameSource(candidate, source) && candidate.ssrc === ssrc && seqDiff(seq, candidate.lastSeq) > 0 && seqDiff(seq, candidate.lastSeq) <= 100) {
      candidate.count++;
      candidate.lastSeq = seq;
    } else {
      this.candidate = { address: source.address, port: source.port, ssrc, lastSeq: seq, count: 1 };
    }
    const ready = (this.candidate?.count ?? 0) >= this.probation && (this.latched === undefined || now - this.latchedLastAt >= this.silenceMs);
    if (!ready) {
      this.refused++;
      return false;
    }
    if (this.latched !== undefined) this.relatches++;
    this.latch(source, now);
    return true;
  }

  private latch(source: RtpSource, now: number): void {
    this.latched = { address: source.address, port: source.port };
    this.latchedLastAt = now;
    this.candidate = undefined;
  }
}
