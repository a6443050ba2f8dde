/**
 * Piper in the browser (piper-tts-web), loaded only when an admin asks for speech: the module
 * (with onnxruntime-web, about 45 MB) is imported from the runtime's `/piper/` at that moment, never
 * bundled into the app. Voices come from the runtime too (`/voices/<id>.onnx` and
 * `/voices/<id>.onnx.json`, files in `$DATA_DIR/voices`), through the voice provider below, never
 * from an outside hub. Its wasm files are the runtime's `/piper/onnx/` and `/piper/piper/`.
 */

/** What piper-tts-web exports that we use (its documented API). */
interface PiperModule {
  PiperWebEngine: new (options: { onnxRuntime: unknown; phonemizeRuntime: unknown; voiceProvider: VoiceProvider }) => PiperEngine;
  OnnxWebRuntime: new (options: { basePath: string; numThreads?: number }) => unknown;
  PhonemizeWebRuntime: new (options: { basePath: string }) => unknown;
}

interface PiperEngine {
  generate(text: string, voice: string, speaker?: number): Promise<{ file: Blob; duration: number }>;
}

/** piper-tts-web's voice provider contract: the voice config (JSON) and a URL of its ONNX model. */
interface VoiceProvider {
  fetch(voice: string): Promise<[Record<string, unknown>, string]>;
  list(): Promise<string[]>;
  destroy(): void;
}

/** Voices served by the runtime from `$DATA_DIR/voices`. */
export class RuntimeVoiceProvider implements VoiceProvider {
  constructor(private readonly baseUrl = "/voices/") {}

  async fetch(voice: string): Promise<[Record<string, unknown>, string]> {
    const response = await fetch(`${this.baseUrl}${encodeURIComponent(voice)}.onnx.json`);
    if (!response.ok) throw new Error(`voice ${voice} is not in $DATA_DIR/voices (${response.status})`);
    const config: unknown = await response.json();
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new Error(`voice ${voice}: its .onnx.json is not a Piper config`);
    return [Object.fromEntries(Object.entries(config)), `${this.baseUrl}${encodeURIComponent(voice)}.onnx`];
  }

  async list(): Promise<string[]> {
    const response = await fetch("/api/tts", { credentials: "same-origin" });
    const body: unknown = await response.json();
    if (typeof body !== "object" || body === null || !("piper" in body)) return [];
    const piper = body.piper;
    if (typeof piper !== "object" || piper === null || !("voices" in piper) || !Array.isArray(piper.voices)) return [];
    return piper.voices.flatMap((voice: unknown) => (typeof voice === "object" && voice !== null && "id" in voice && typeof voice.id === "string" ? [voice.id] : []));
  }

  destroy(): void {}
}

function isPiperModule(value: unknown): value is PiperModule {
  return typeof value === "object" && value !== null && "PiperWebEngine" in value && "OnnxWebRuntime" in value && "PhonemizeWebRuntime" in value;
}

let engine: Promise<PiperEngine> | undefined;

/** Imports piper-tts-web from the runtime (once) and builds its engine on the runtime's voices. */
function piperEngine(moduleUrl: string): Promise<PiperEngine> {
  engine ??= import(/* @vite-ignore */ moduleUrl).then((loaded: unknown) => {
    if (!isPiperModule(loaded)) throw new Error(`${moduleUrl} is not piper-tts-web`);
    return new loaded.PiperWebEngine({
      // One thread: the page is not cross-origin isolated, so no SharedArrayBuffer.
      onnxRuntime: new loaded.OnnxWebRuntime({ basePath: "/piper/onnx/", numThreads: 1 }),
      phonemizeRuntime: new loaded.PhonemizeWebRuntime({ basePath: "/piper/piper/" }),
      voiceProvider: new RuntimeVoiceProvider(),
    });
  });
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}

/** Speaks text with a Piper voice in this browser: a WAV blob. */
export async function piperSpeak(moduleUrl: string, text: string, voice: string): Promise<Blob> {
  const result = await (await piperEngine(moduleUrl)).generate(text, voice, 0);
  return result.file;
}
