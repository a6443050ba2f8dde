/** A sine as 16-bit PCM: `amplitude` relative to full scale, starting at sample `offset` (for frames cut from one tone). */
export function sine(frequency: number, sampleRate: number, samples: number, amplitude = 0.5, offset = 0): Int16Array {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    pcm[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * (i + offset)) / sampleRate));
  }
  return pcm;
}

/** The tone in consecutive 20 ms frames, so continuous frames can be fed to a codec one at a time. */
export function sineFrames(frequency: number, sampleRate: number, frames: number, amplitude = 0.5): Int16Array[] {
  const size = sampleRate / 50;
  return Array.from({ length: frames }, (_, k) => sine(frequency, sampleRate, size, amplitude, k * size));
}

/** Frames joined end to end. */
export function joinPcm(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}
