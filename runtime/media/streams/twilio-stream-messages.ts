import { z } from "zod";

/**
 * What Twilio sends on a bidirectional Media Stream's WebSocket (MEDIA.md 4). Every message but
 * `connected` carries `streamSid` and a string `sequenceNumber`; unknown fields are kept out of
 * the way (Twilio may add some), unknown events are ignored by the reader.
 */
const StreamSid = z.string().min(1).max(64);

export const TwilioStreamMessage = z.discriminatedUnion("event", [
  z.object({ event: z.literal("connected"), protocol: z.string().optional(), version: z.string().optional() }),
  z.object({
    event: z.literal("start"),
    streamSid: StreamSid,
    start: z.object({
      streamSid: StreamSid.optional(),
      accountSid: z.string().optional(),
      callSid: z.string().min(1).max(64),
      tracks: z.array(z.string()).optional(),
      customParameters: z.record(z.string(), z.string()).default({}),
      mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number() }).optional(),
    }),
  }),
  z.object({
    event: z.literal("media"),
    streamSid: StreamSid,
    media: z.object({ track: z.string().optional(), chunk: z.string().optional(), timestamp: z.string().optional(), payload: z.base64().max(16 * 1024) }),
  }),
  z.object({ event: z.literal("dtmf"), streamSid: StreamSid, dtmf: z.object({ track: z.string().optional(), digit: z.string().regex(/^[0-9*#A-D]$/) }) }),
  z.object({ event: z.literal("mark"), streamSid: StreamSid, mark: z.object({ name: z.string() }) }),
  z.object({ event: z.literal("stop"), streamSid: StreamSid, stop: z.object({ accountSid: z.string().optional(), callSid: z.string().optional() }).optional() }),
]);
export type TwilioStreamMessage = z.infer<typeof TwilioStreamMessage>;

/** The `<Parameter>`s our `<Connect><Stream>` sends (the stream URL may carry no query): they name the call and conversation, with a one-time token. */
export const StreamParameters = z.object({ callSid: z.string().min(1), conversationId: z.string().min(1), token: z.string().min(16) });
export type StreamParameters = z.infer<typeof StreamParameters>;
