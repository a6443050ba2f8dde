import { z } from "zod";

/**
 * What the RTP legs bench (bench/rtp-legs.bench.ts) and its SIP-side peer process
 * (bench/rtp-peers.worker.ts) say over the child's IPC channel. Each command gets one reply.
 */
export const RtpPeerCommand = z.discriminatedUnion("type", [
  /** Binds `count` more UDP peers on 127.0.0.1; replies `ports` (each peer's RTP port, in creation order). */
  z.strictObject({ type: z.literal("create"), count: z.number().int().positive() }),
  /** Where each peer sends (the port of our leg's answer); replies `done`. */
  z.strictObject({ type: z.literal("targets"), targets: z.array(z.strictObject({ peer: z.number().int(), port: z.number().int() })) }),
  /** Starts or stops these peers' 20 ms μ-law stream; replies `done`. */
  z.strictObject({ type: z.literal("send"), peers: z.array(z.number().int()), on: z.boolean() }),
  /** Counters since the start; replies `snapshot`. */
  z.strictObject({ type: z.literal("snapshot") }),
  z.strictObject({ type: z.literal("stop") }),
]);
export type RtpPeerCommand = z.infer<typeof RtpPeerCommand>;

export const RtpPeerReply = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ready") }),
  z.strictObject({ type: z.literal("ports"), ports: z.array(z.number()) }),
  z.strictObject({ type: z.literal("done") }),
  z.strictObject({
    type: z.literal("snapshot"),
    cpu: z.strictObject({ userMs: z.number(), systemMs: z.number() }),
    /** RTP packets each peer received and sent since it was created. */
    received: z.array(z.number()),
    sent: z.array(z.number()),
  }),
  z.strictObject({ type: z.literal("error"), message: z.string() }),
]);
export type RtpPeerReply = z.infer<typeof RtpPeerReply>;
