import { aLawToPcm, muLawToALaw, muLawToPcm, pcmToALaw, pcmToMuLaw } from "../runtime/media/codecs/g711";
import { createOpusDecoder, createOpusEncoder } from "../runtime/media/codecs/opus-codec";
import { createResampler } from "../runtime/media/codecs/resample";
import { OggOpusWriter } from "../runtime/media/ogg/ogg-opus-writer";
import { parseRtp, serializeRtp } from "../runtime/media/rtp/rtp-packet";
import { round, timeRuns } from "./measure";

/** 20 ms frames of a 440 + 1000 Hz mix with a slow tremolo (not silence, so the codecs do real work). */
function voiceLikeFrames(sampleRate: number, count: number): Int16Array[] {
  const size = sampleRate / 50;
  return Array.from({ length: count }, (_, k) =>
    Int16Array.from({ length: size }, (_, i) => {
      const t = (k * size + i) / sampleRate;
      const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
      return Math.round(9000 * envelope * (Math.sin(2 * Math.PI * 440 * t) + 0.6 * Math.sin(2 * Math.PI * 1000 * t)));
    }),
  );
}

/**
 * The media plane's per-frame costs on one core, in µs per 20 ms frame (a stream takes 20 000 µs of
 * wall time per frame, so 200 µs is 1 % of a core per stream): Opus encode and decode, G.711,
 * resampling for the mixer, RTP parse + serialize, and the recorder's Ogg writer.
 */
export function benchMediaCodecs(frames = 500, runs = 15): Record<string, number> {
  const pcm48 = voiceLikeFrames(48000, frames);
  const pcm8 = voiceLikeFrames(8000, frames);
  const encoder48 = createOpusEncoder(48000);
  const packets = pcm48.map((frame) => encoder48.encode(frame));
  const mulaw = pcm8.map((frame) => pcmToMuLaw(frame));
  const alaw = pcm8.map((frame) => pcmToALaw(frame));
  const rtp = packets.map((payload, i) =>
    serializeRtp({ marker: false, payloadType: 111, sequenceNumber: i, timestamp: i * 960, ssrc: 1, csrcs: [], payload }),
  );

  /** µs per frame: the median of `runs` timed passes over all frames. */
  const perFrame = (work: () => void) => (timeRuns(work, runs, 2).median * 1000) / frames;
  const each = <T>(items: readonly T[], fn: (item: T, index: number) => unknown) => () => {
    items.forEach((item, index) => fn(item, index));
  };

  const figures = {
    opus_encode_48k: perFrame(() => {
      const encoder = createOpusEncoder(48000);
      for (const frame of pcm48) encoder.encode(frame);
    }),
    opus_encode_8k: perFrame(() => {
      const encoder = createOpusEncoder(8000);
      for (const frame of pcm8) encoder.encode(frame);
    }),
    opus_decode_48k: perFrame(() => {
      const decoder = createOpusDecoder(48000);
      for (const packet of packets) decoder.decode(packet);
    }),
    opus_decode_8k: perFrame(() => {
      const decoder = createOpusDecoder(8000);
      for (const packet of packets) decoder.decode(packet);
    }),
    g711_mulaw_encode: perFrame(each(pcm8, pcmToMuLaw)),
    g711_mulaw_decode: perFrame(each(mulaw, muLawToPcm)),
    g711_alaw_decode: perFrame(each(alaw, aLawToPcm)),
    g711_mulaw_to_alaw: perFrame(each(mulaw, muLawToALaw)),
    resample_8k_to_48k: perFrame(() => {
      const resampler = createResampler(8000, 48000);
      for (const frame of pcm8) resampler.process(frame);
    }),
    resample_48k_to_8k: perFrame(() => {
      const resampler = createResampler(48000, 8000);
      for (const frame of pcm48) resampler.process(frame);
    }),
    rtp_parse_serialize: perFrame(
      each(rtp, (bytes) => {
        const packet = parseRtp(bytes);
        if (packet !== undefined) serializeRtp(packet);
      }),
    ),
    ogg_writer_packet: perFrame(() => {
      let bytes = 0;
      const writer = new OggOpusWriter({ write: (chunk) => (bytes += chunk.length) });
      packets.forEach((packet, i) => writer.writePacket(packet, i * 960));
      writer.end();
    }),
    ogg_writer_silence_fill: perFrame(() => {
      // One 10 s hole per 500 frames' worth of calls: the cost of filling a hole, per 20 ms of silence.
      const writer = new OggOpusWriter({ write: () => {} });
      writer.writePacket(packets[0] ?? Buffer.alloc(0), 0);
      writer.writeSilenceUntil(frames * 960);
      writer.end();
    }),
  };
  const line = Object.entries(figures)
    .map(([name, us]) => `${name} ${round(us, 1)}`)
    .join(", ");
  console.log(`media codecs (µs per 20 ms frame, one stream = 20 000 µs): ${line}`);
  console.log(
    `media codecs: Opus encode at 48 kHz is ${round((figures.opus_encode_48k / 20_000) * 100, 2)} % of a core per stream, decode at 8 kHz ${round((figures.opus_decode_8k / 20_000) * 100, 2)} %`,
  );
  return Object.fromEntries(Object.entries(figures).map(([name, us]) => [`media_${name}_us`, round(us, 2)]));
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(benchMediaCodecs()));
}
