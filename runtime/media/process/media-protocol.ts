import { z } from "zod";

/**
 * What the runtime and its media process say to each other over the child process's IPC
 * channel. Commands carry an `id` and get exactly one `reply` with it; events come on their own.
 * Audio crosses it only for stream legs (Twilio Media Streams, whose WebSocket the runtime's HTTP
 * server holds): their μ-law frames, base64 as Twilio sends them, in `StreamInput` messages (no
 * reply) and `stream.*` events, and, while speech recognition listens to a leg (`leg.listen`), what
 * it says as decoded PCM (`leg.audio`). Everything else is control (SDP, clips to play, bridges) and what
 * happened (digits, a prompt finished, a leg ended).
 */

const Id = z.string().min(1).max(200);

export const ClipFilesSchema = z.strictObject({ ogg: z.string().min(1), wav: z.string().min(1) });

export const IceServerSchema = z.strictObject({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export const MediaCommand = z.discriminatedUnion("type", [
  /** A browser's (or Meta's) SDP offer: answered by a new WebRTC leg. */
  z.strictObject({ type: z.literal("leg.webrtc"), legId: Id, offerSdp: z.string(), iceServers: z.array(IceServerSchema) }),
  /**
   * Our own WebRTC offer (a business-initiated WhatsApp call): the reply's `localSdp` is the offer
   * (Opus 111, telephone-event/8000 126, setup actpass); the leg exists once `leg.sdp` brings the
   * answer. Bridges it joins before then take it in when it exists; `leg.end` drops the offer.
   */
  z.strictObject({ type: z.literal("leg.webrtc_offer"), legId: Id, iceServers: z.array(IceServerSchema) }),
  /**
   * A SIP call's RTP leg (G.711, plain RTP or SDES-SRTP). With `remoteSdp` (the peer's offer) the
   * reply's `localSdp` is our answer and the leg exists at once; without it, `localSdp` is our
   * offer and the leg exists once `leg.sdp` brings the answer. `codecs`: the channel's, in its
   * order of preference; `srtp`: SRTP required (TLS trunks); `peerAddress`: the SIP peer's IP, so
   * an offer's address is the local one that reaches it.
   */
  z.strictObject({
    type: z.literal("leg.rtp"),
    legId: Id,
    codecs: z.array(z.enum(["PCMU", "PCMA"])).min(1).max(2),
    remoteSdp: z.string().max(64 * 1024).optional(),
    srtp: z.boolean().optional(),
    peerAddress: z.ipv4().optional(),
  }),
  /**
   * The peer's SDP on an RTP leg, or the answer to a `leg.webrtc_offer`: the answer to our offer (reply without SDP), or a re-INVITE's
   * offer (reply `localSdp`: our answer). `role` says which; without it, an answer while our offer
   * is pending, else an offer. An answer may come twice (a 183's early media, then the 200's):
   * each is applied, neither is taken for a new offer.
   */
  z.strictObject({ type: z.literal("leg.sdp"), legId: Id, remoteSdp: z.string().max(64 * 1024), role: z.enum(["answer", "offer"]).optional() }),
  /** A new offer of ours on an RTP leg (a re-INVITE without SDP asks for one); `leg.sdp` then applies the answer. */
  z.strictObject({ type: z.literal("leg.offer"), legId: Id }),
  /**
   * A Twilio Media Stream's leg (PCMU 8 kHz, connected at once): its frames come as `StreamInput`
   * messages, what it sends leaves as `stream.media` / `stream.clear` / `stream.mark` events.
   */
  z.strictObject({ type: z.literal("leg.stream"), legId: Id }),
  z.strictObject({ type: z.literal("leg.end"), legId: Id }),
  /** Plays clips in order on a leg, replacing any prompt it plays; `loop` for music. */
  z.strictObject({
    type: z.literal("leg.play"),
    legId: Id,
    playbackId: Id,
    clips: z.array(ClipFilesSchema).max(100),
    loop: z.boolean().optional(),
    stopOnDtmf: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("leg.stop"), legId: Id }),
  /** Hold: the leg hears these clips looped and nobody hears it; null resumes. */
  z.strictObject({ type: z.literal("leg.hold"), legId: Id, clips: z.array(ClipFilesSchema).max(100).nullable() }),
  z.strictObject({ type: z.literal("leg.mute"), legId: Id, muted: z.boolean() }),
  /**
   * Speech recognition listens to the leg (`on`) or stops (`off`): while on, every audio packet the
   * leg receives is sent back decoded as a `leg.audio` event (Opus at 16 kHz, G.711 at 8 kHz).
   */
  z.strictObject({ type: z.literal("leg.listen"), legId: Id, on: z.boolean() }),
  /**
   * Sends keys to the leg's peer as RFC 4733 telephone-events with the payload type and clock it
   * negotiated (MEDIA.md 2.3): one press after another, `durationMs` each (default 100) and 100 ms
   * apart, the leg's audio muted during each press. Refused with `no_telephone_event` when the leg
   * did not negotiate telephone-event (SIP legs: the far end's SDP had none; WebRTC legs send at
   * their negotiated /8000 or /48000 clock).
   */
  z.strictObject({ type: z.literal("leg.dtmf"), legId: Id, digits: z.string().regex(/^[0-9*#A-D]{1,64}$/), durationMs: z.number().int().min(40).max(1000).optional() }),
  /**
   * Puts the leg in the bridge (created on first use), leaving any other bridge. An RTP leg whose
   * offer is not answered yet (an outbound call ringing) joins when its answer or early media
   * makes it.
   */
  z.strictObject({ type: z.literal("bridge.join"), bridgeId: Id, legId: Id }),
  z.strictObject({ type: z.literal("bridge.leave"), legId: Id }),
  /**
   * Records what the leg says and what it hears, as one stereo Ogg/Opus file at `path` (left: said,
   * right: heard); `side: "caller"` records only what it says, mono (a voicemail), and reports the
   * caller's voice as `record.voice` events.
   */
  z.strictObject({ type: z.literal("record.start"), recordingId: Id, legId: Id, path: z.string().min(1), side: z.enum(["both", "caller"]).optional() }),
  z.strictObject({ type: z.literal("record.stop"), recordingId: Id }),
  /** `resetLateness`: after answering, the clock's lateness histogram starts again (a bench's measuring window). */
  z.strictObject({ type: z.literal("stats"), resetLateness: z.boolean().optional() }),
]);
export type MediaCommand = z.infer<typeof MediaCommand>;

/**
 * What a stream leg's peer sent (no reply): a `media` frame's payload (base64 μ-law, as Twilio
 * sends it), a key of a `dtmf` event, or the end of the stream (`stop`, or the socket closed
 * without one: `dropped`).
 */
export const StreamInput = z.discriminatedUnion("type", [
  /** `timestampMs`: Twilio's `media.timestamp` (ms since the stream started), which places the frame (holes become silence). */
  z.strictObject({ type: z.literal("stream.media"), legId: Id, payload: z.base64().max(16 * 1024), timestampMs: z.number().int().min(0).optional() }),
  z.strictObject({ type: z.literal("stream.dtmf"), legId: Id, digit: z.string().regex(/^[0-9*#A-D]$/) }),
  z.strictObject({ type: z.literal("stream.end"), legId: Id, how: z.enum(["stop", "dropped"]) }),
]);
export type StreamInput = z.infer<typeof StreamInput>;

export const LegEndReasonSchema = z.enum(["hangup", "ice_timeout", "peer_gone", "no_rtp", "transport_failed", "media_process_exit", "shutdown"]);

export const MediaStats = z.strictObject({
  legs: z.number(),
  bridges: z.number(),
  recordings: z.number(),
  clock: z.strictObject({ ticks: z.number(), p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number(), skippedFrames: z.number() }),
  frameCache: z.strictObject({ clips: z.number(), bytes: z.number() }),
  cpu: z.strictObject({ userMs: z.number(), systemMs: z.number() }),
  rssBytes: z.number(),
  /** RTP port pairs held by SIP legs. */
  rtpPortsInUse: z.number().optional(),
  /** Legs whose audio speech recognition listens to (`leg.listen`). */
  listeningLegs: z.number().optional(),
});
export type MediaStats = z.infer<typeof MediaStats>;

export const MediaReply = z.strictObject({
  type: z.literal("reply"),
  id: z.number(),
  ok: z.boolean(),
  /** leg.webrtc: the SDP answer. */
  answerSdp: z.string().optional(),
  /** leg.rtp, leg.webrtc_offer, leg.sdp (for an offer), leg.offer: our SDP. */
  localSdp: z.string().optional(),
  /** leg.play: how long the clips last (ms, one pass). */
  durationMs: z.number().optional(),
  stats: MediaStats.optional(),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
});
export type MediaReply = z.infer<typeof MediaReply>;

export const MediaEvent = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("leg.connected"), legId: Id }),
  z.strictObject({ type: z.literal("leg.dtmf"), legId: Id, digit: z.string() }),
  z.strictObject({ type: z.literal("leg.playback_ended"), legId: Id, playbackId: Id, how: z.enum(["finished", "interrupted", "stopped"]), playedMs: z.number() }),
  z.strictObject({ type: z.literal("leg.ended"), legId: Id, reason: LegEndReasonSchema, detail: z.string().optional() }),
  /** What a listened-to leg said (`leg.listen`): one received packet as 16-bit mono PCM (base64, little-endian). */
  z.strictObject({ type: z.literal("leg.audio"), legId: Id, sampleRate: z.union([z.literal(8000), z.literal(16000)]), pcm: z.string() }),
  /** What a stream leg sends its peer (MEDIA.md 4): μ-law 20 ms frames (base64), `clear` then a `mark` when a new source starts. */
  z.strictObject({ type: z.literal("stream.media"), legId: Id, payload: z.string() }),
  z.strictObject({ type: z.literal("stream.clear"), legId: Id }),
  z.strictObject({ type: z.literal("stream.mark"), legId: Id, name: z.string() }),
  z.strictObject({ type: z.literal("record.finished"), recordingId: Id, path: z.string(), durationMs: z.number(), error: z.string().optional() }),
  /** A `side: "caller"` recording hears the caller speak (at most every 200 ms while they do). */
  z.strictObject({ type: z.literal("record.voice"), recordingId: Id }),
]);
export type MediaEvent = z.infer<typeof MediaEvent>;

/** A command as sent: with the id its reply will carry. */
export const MediaRequest = z.strictObject({ id: z.number().int(), command: MediaCommand });
export type MediaRequest = z.infer<typeof MediaRequest>;
