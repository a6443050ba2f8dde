import { z } from "zod";

/**
 * What the media-plane bench (bench/media-plane.bench.ts) and its peer process
 * (bench/media-peers.worker.ts) say over the child's IPC channel. Peers are numbered in the order
 * they were created; peer 2k is call k's caller and peer 2k + 1 its agent (each other's partner).
 */

export const PeerCommand = z.discriminatedUnion("type", [
  /** Makes `count` more peers; answers `offers`. */
  z.strictObject({ type: z.literal("create"), count: z.number().int().positive() }),
  /** Applies the media plane's answers; answers `connected` once every one of them is connected (or the wait is over). */
  z.strictObject({ type: z.literal("answers"), answers: z.array(z.strictObject({ peer: z.number().int(), sdp: z.string() })) }),
  /** Starts or stops these peers' 20 ms Opus stream; answers `done`. */
  z.strictObject({ type: z.literal("send"), peers: z.array(z.number().int()), on: z.boolean() }),
  /** Hangs these peers up; answers `done`. */
  z.strictObject({ type: z.literal("close"), peers: z.array(z.number().int()) }),
  /**
   * Counters so far; `reset` starts a new window: the delay and pacing histograms start again and
   * the packets sent from now on belong to the next epoch. Answers `snapshot`.
   */
  z.strictObject({ type: z.literal("snapshot"), reset: z.boolean() }),
  /** The packets sent in `epoch`, and how many of them reached the partner so far. Answers `epoch`. */
  z.strictObject({ type: z.literal("epoch"), epoch: z.number().int() }),
  z.strictObject({ type: z.literal("stop") }),
]);
export type PeerCommand = z.infer<typeof PeerCommand>;

const Summary = z.strictObject({ ticks: z.number(), p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number(), skippedFrames: z.number() });

export const EpochCounters = z.strictObject({
  /** Opus packets this peer sent in the epoch. */
  sent: z.number(),
  /** Of them, how many its partner received (a packet counts for the epoch it was sent in, whenever it arrives). */
  delivered: z.number(),
});
export type EpochCounters = z.infer<typeof EpochCounters>;

export const PeerMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ready") }),
  z.strictObject({ type: z.literal("offers"), offers: z.array(z.strictObject({ peer: z.number().int(), sdp: z.string() })) }),
  /** `failures`: why, for the first few that did not connect. */
  z.strictObject({ type: z.literal("connected"), connected: z.number(), failed: z.number(), failures: z.array(z.string()) }),
  z.strictObject({ type: z.literal("done") }),
  z.strictObject({
    type: z.literal("snapshot"),
    /** The peer process's own CPU time since it started (ms). */
    cpu: z.strictObject({ userMs: z.number(), systemMs: z.number() }),
    /** Packets sent from now on count for this epoch. */
    epoch: z.number(),
    /** RTP packets each peer received since it started, whatever they carried. */
    received: z.array(z.number()),
    /** Send → arrival at the partner, through the media plane, over the window (every packet matched, ms). */
    delay: z.strictObject({ count: z.number(), p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() }),
    /** The peers' own send clock (5 ms ticks, a quarter of the peers each): how late its ticks ran. */
    pacing: Summary,
  }),
  z.strictObject({ type: z.literal("epoch"), peers: z.array(EpochCounters) }),
  z.strictObject({ type: z.literal("error"), message: z.string() }),
]);
export type PeerMessage = z.infer<typeof PeerMessage>;
