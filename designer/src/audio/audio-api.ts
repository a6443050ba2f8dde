import { z } from "zod";
import { api, ApiRequestError } from "../api/api-client";

/** An asset of the audio library, as GET /api/audio returns it. */
export const AudioAsset = z.object({
  id: z.string(),
  name: z.string(),
  duration: z.number(),
  durationMs: z.number(),
  size: z.number(),
  contentHash: z.string(),
  sourceFormat: z.string(),
  wavUrl: z.string(),
  oggUrl: z.string(),
  createdAt: z.string(),
});
export type AudioAsset = z.infer<typeof AudioAsset>;

export const AudioUse = z.object({ flowId: z.string(), flowName: z.string(), versions: z.array(z.number()) });
export type AudioUse = z.infer<typeof AudioUse>;

/** A team that plays an asset as its hold music. */
export const AudioTeamUse = z.object({ id: z.string(), name: z.string() });
export type AudioTeamUse = z.infer<typeof AudioTeamUse>;

/** What GET /api/tts says runs on the server. */
export const TtsEngines = z.object({
  espeak: z.object({ available: z.boolean() }),
  piper: z.object({
    installed: z.boolean(),
    module: z.string().nullable().default(null),
    voices: z.array(z.object({ id: z.string(), language: z.string().nullable(), sampleRate: z.number().nullable() })),
  }),
});
export type TtsEngines = z.infer<typeof TtsEngines>;

/** The largest upload the server takes. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const at = (id: string) => `/api/audio/${encodeURIComponent(id)}`;

/** Uploads a file (multipart, like curl -F file=@…): the answer says whether it was new. */
async function upload(file: Blob, name?: string): Promise<{ asset: AudioAsset; created: boolean }> {
  const form = new FormData();
  form.set("file", file, file instanceof File ? file.name : "audio.wav");
  if (name !== undefined) form.set("name", name);
  let response: Response;
  try {
    response = await fetch("/api/audio", { method: "POST", credentials: "same-origin", body: form });
  } catch {
    throw new ApiRequestError(0, "network", "the server cannot be reached", undefined);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }).safeParse(body);
    if (error.success) throw new ApiRequestError(response.status, error.data.error.code, error.data.error.message, error.data.error.details);
    throw new ApiRequestError(response.status, "error", response.status === 413 ? "file: larger than 20 MB" : `upload failed (${response.status})`, undefined);
  }
  return { asset: AudioAsset.parse(body), created: response.status === 201 };
}

/** The audio library and TTS API for the settings screen and the prompt inspector. */
export const audioApi = {
  list: async () => z.array(AudioAsset).parse(await api("GET", "/api/audio")),
  get: async (id: string) => AudioAsset.extend({ usedBy: z.array(AudioUse) }).parse(await api("GET", at(id))),
  upload,
  rename: async (id: string, name: string) => AudioAsset.parse(await api("PATCH", at(id), { name })),
  remove: async (id: string) => {
    await api("DELETE", at(id));
  },
  engines: async () => TtsEngines.parse(await api("GET", "/api/tts")),
  /** espeak-ng on the server: the URL of the rendered (cached) prompt. */
  renderEspeak: async (input: { text: string; voice?: string; language?: string }) =>
    z.object({ oggUrl: z.string(), wavUrl: z.string(), cached: z.boolean() }).parse(await api("POST", "/api/tts/render", input)),
};

/** "1:05", "0:07.4" */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds - minutes * 60;
  return `${minutes}:${rest < 10 ? "0" : ""}${seconds < 10 ? rest.toFixed(1) : Math.floor(rest).toString()}`;
}

/** "512 KB", "3.2 MB" */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
