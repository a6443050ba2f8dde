import { z } from "zod";
import { api, ApiRequestError } from "../../api/api-client";
import { AiProvider, type AiProviderInput, ProviderCheck, SpeechEngines, type TranscriptionInput, TranscriptionSettings } from "./provider-schemas";

const at = (id: string) => `/api/ai/providers/${encodeURIComponent(id)}`;

/** The admin API behind Settings → AI and Settings → Speech. */
export const providersApi = {
  listAi: async () => z.array(AiProvider).parse(await api("GET", "/api/ai/providers")),
  createAi: async (input: AiProviderInput) => AiProvider.parse(await api("POST", "/api/ai/providers", input)),
  replaceAi: async (id: string, input: AiProviderInput) => AiProvider.parse(await api("PUT", at(id), input)),
  removeAi: async (id: string) => {
    await api("DELETE", at(id));
  },
  checkAi: async (id: string) => ProviderCheck.parse(await api("POST", `${at(id)}/check`)),

  speechEngines: async () => SpeechEngines.parse(await api("GET", "/api/speech")),
  /** The transcription provider, or undefined when none is set (the API answers 404 not_configured). */
  transcription: async () => {
    try {
      return TranscriptionSettings.parse(await api("GET", "/api/speech/transcription"));
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) return undefined;
      throw error;
    }
  },
  setTranscription: async (input: TranscriptionInput) => TranscriptionSettings.parse(await api("PUT", "/api/speech/transcription", input)),
  removeTranscription: async () => {
    await api("DELETE", "/api/speech/transcription");
  },
  checkTranscription: async () => ProviderCheck.parse(await api("POST", "/api/speech/transcription/check")),
};
