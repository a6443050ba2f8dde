let context: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (typeof AudioContext === "undefined") return undefined;
  context ??= new AudioContext();
  return context;
}

/** Lets the chime play later: browsers start audio only after a user gesture (call on a click). */
export function unlockChime(): void {
  const ctx = audio();
  if (ctx?.state === "suspended") ctx.resume().catch(() => undefined);
}

/** A short two-note chime for an incoming offer, synthesised with WebAudio (no audio file). */
export function playChime(): void {
  const ctx = audio();
  if (ctx === undefined) return;
  if (ctx.state === "suspended") ctx.resume().catch(() => undefined);
  const start = ctx.currentTime + 0.01;
  const notes: Array<[frequency: number, offset: number]> = [
    [880, 0],
    [1318.5, 0.14],
  ];
  for (const [frequency, offset] of notes) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.18, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.5);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.55);
  }
}
