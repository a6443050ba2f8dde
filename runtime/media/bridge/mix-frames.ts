const FRAME = 960;

/**
 * Sums the frames of `from` (48 kHz, 20 ms) with saturation: what one listener hears of the others.
 * A leg with no frame this tick adds nothing.
 */
export function mixExcept<K>(from: readonly K[], frames: ReadonlyMap<K, Int16Array>): Int16Array {
  const sum = new Int32Array(FRAME);
  for (const leg of from) {
    const frame = frames.get(leg);
    if (frame === undefined) continue;
    const n = Math.min(FRAME, frame.length);
    for (let i = 0; i < n; i += 1) sum[i] = (sum[i] ?? 0) + (frame[i] ?? 0);
  }
  const out = new Int16Array(FRAME);
  for (let i = 0; i < FRAME; i += 1) {
    const value = sum[i] ?? 0;
    out[i] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
  return out;
}
