import { create } from "zustand";
import { type AudioAsset, audioApi, type TtsEngines } from "./audio-api";

interface AudioLibraryState {
  assets: AudioAsset[] | undefined;
  engines: TtsEngines | undefined;
  /** Loads (or reloads) the library and the engines the server has. */
  load(): Promise<void>;
}

/** The audio library and the TTS engines, shared by every prompt editor of the page. */
export const useAudioLibrary = create<AudioLibraryState>((set) => ({
  assets: undefined,
  engines: undefined,
  load: async () => {
    const [assets, engines] = await Promise.allSettled([audioApi.list(), audioApi.engines()]);
    set({ assets: assets.status === "fulfilled" ? assets.value : [], engines: engines.status === "fulfilled" ? engines.value : undefined });
  },
}));

let loading: Promise<void> | undefined;

/** Loads the library once per page (call `useAudioLibrary.getState().load()` to refresh). */
export function ensureAudioLibrary(): void {
  loading ??= useAudioLibrary.getState().load();
}
