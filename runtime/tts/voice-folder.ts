import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** A voice file name: `<voice>.onnx` or `<voice>.onnx.json`, nothing that could leave the folder. */
export const VOICE_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,150}\.onnx(\.json)?$/;

const PiperConfig = z.looseObject({
  audio: z.looseObject({ sample_rate: z.number().optional() }).optional(),
  espeak: z.looseObject({ voice: z.string().optional() }).optional(),
  language: z.looseObject({ code: z.string().optional() }).optional(),
  num_speakers: z.number().optional(),
});

export interface PiperVoiceInfo {
  /** The file name without `.onnx`: what `piper:<id>` names. */
  id: string;
  language: string | undefined;
  sampleRate: number | undefined;
  speakers: number;
  modelBytes: number;
}

/**
 * Piper voices dropped into `$DATA_DIR/voices`: each a `<voice>.onnx` model with its
 * `<voice>.onnx.json` config (as published by Piper). A model without a readable config is skipped.
 */
export class VoiceFolder {
  readonly folder: string;

  constructor(dataDir: string) {
    this.folder = join(dataDir, "voices");
  }

  filePath(name: string): string | undefined {
    return VOICE_FILE.test(name) ? join(this.folder, name) : undefined;
  }

  async list(): Promise<PiperVoiceInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const voices: PiperVoiceInfo[] = [];
    for (const name of names.filter((file) => file.endsWith(".onnx") && VOICE_FILE.test(file)).sort()) {
      if (!names.includes(`${name}.json`)) continue;
      try {
        const config = PiperConfig.parse(JSON.parse(await readFile(join(this.folder, `${name}.json`), "utf8")));
        voices.push({
          id: name.slice(0, -".onnx".length),
          language: config.language?.code ?? config.espeak?.voice,
          sampleRate: config.audio?.sample_rate,
          speakers: config.num_speakers ?? 1,
          modelBytes: (await stat(join(this.folder, name))).size,
        });
      } catch {
        // Not a Piper voice config: not listed.
      }
    }
    return voices;
  }
}
