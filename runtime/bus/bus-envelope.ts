import { z } from "zod";
import type { BusMessage } from "./bus";
import { BusMessageTooLarge, BusTopicInvalid } from "./bus-errors";

/**
 * The largest envelope (JSON, UTF-8 bytes) a bus carries: a quarter of PostgreSQL's 8,000-byte
 * NOTIFY payload limit, room for about fifty ids. Messages name things; they never carry records.
 */
export const MAX_BUS_ENVELOPE_BYTES = 2000;

const TOPIC = /^[a-z0-9][a-z0-9._-]{0,39}$/;

/** What travels on the engine: the message, who sent it and when. */
export const BusEnvelope = z.object({
  /** The publishing instance. */
  from: z.string(),
  /** The publisher's clock (ms since the epoch). */
  sentAt: z.number(),
  message: z.record(z.string(), z.unknown()),
});
export type BusEnvelope = z.infer<typeof BusEnvelope>;

/** Checks the topic (it becomes a PostgreSQL channel or Redis channel name). */
export function checkTopic(topic: string): string {
  if (!TOPIC.test(topic)) throw new BusTopicInvalid(topic);
  return topic;
}

/** The envelope's JSON text, or `BusMessageTooLarge` / `BusTopicInvalid` before anything is sent. */
export function sealEnvelope(topic: string, message: BusMessage, from: string, sentAt = Date.now()): string {
  checkTopic(topic);
  const text = JSON.stringify({ from, sentAt, message } satisfies BusEnvelope);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_BUS_ENVELOPE_BYTES) throw new BusMessageTooLarge(topic, bytes, MAX_BUS_ENVELOPE_BYTES);
  return text;
}

/** Reads an envelope received from the engine; undefined when it is not one (another writer on the channel). */
export function openEnvelope(text: string): BusEnvelope | undefined {
  try {
    const parsed = BusEnvelope.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
