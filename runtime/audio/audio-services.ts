import type { Store } from "../store/open-store";
import { EspeakEngine } from "../tts/espeak-engine";
import { TtsService } from "../tts/tts-service";
import { VoiceFolder } from "../tts/voice-folder";
import { AudioFiles } from "./audio-files";
import { AudioLibrary, type AudioLibraryOptions } from "./audio-library";

/** Everything audio the HTTP app serves: the library, text to speech, Piper voices, the public files. */
export interface AudioServices {
  library: AudioLibrary;
  tts: TtsService;
  voices: VoiceFolder;
  files: AudioFiles;
  /** What runs here (logged on start). */
  engines: { espeak: boolean };
}

/** Builds them over `$DATA_DIR` and finds out which engines are installed. */
export async function createAudioServices(store: Store, dataDir: string, log: (line: string) => void, options: AudioLibraryOptions = {}): Promise<AudioServices> {
  const library = new AudioLibrary(store.audio, dataDir, options);
  const tts = new TtsService(dataDir, new EspeakEngine(), log);
  const engines = await tts.checkEngines();
  return { library, tts, voices: new VoiceFolder(dataDir), files: new AudioFiles(library, tts), engines };
}
