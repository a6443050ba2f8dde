import { describe, expect, it } from "vitest";
import { parseRtp, tsDiff } from "../rtp/rtp-packet";
import { StreamTransport } from "./stream-transport";

/** The RTP packets a stream transport makes of what its peer sends. */
function received(): { transport: StreamTransport; timestamps: number[] } {
  const transport = new StreamTransport(() => undefined);
  const timestamps: number[] = [];
  transport.onRtp((packet) => {
    const parsed = parseRtp(packet);
    if (parsed !== undefined) timestamps.push(parsed.timestamp);
  });
  return { transport, timestamps };
}

const frame = Buffer.alloc(160, 0xff);

describe("StreamTransport: Twilio frames as RTP", () => {
  it("places frames by Twilio's media.timestamp: a 1 s hole stays a 1 s (8,000-sample) gap for the recorder to fill", () => {
    const { transport, timestamps } = received();
    for (const ms of [40, 60, 80, 1080, 1100]) transport.receiveMedia(frame, ms);
    const steps = timestamps.slice(1).map((ts, k) => tsDiff(ts, timestamps[k] ?? 0));
    expect(steps).toEqual([160, 160, 8000, 160]);
  });

  it("without a timestamp, frames follow each other", () => {
    const { transport, timestamps } = received();
    for (let k = 0; k < 3; k += 1) transport.receiveMedia(frame);
    expect(timestamps.slice(1).map((ts, k) => tsDiff(ts, timestamps[k] ?? 0))).toEqual([160, 160]);
  });
});
