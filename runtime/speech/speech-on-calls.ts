import { PocketsphinxEngine } from "./pocketsphinx-engine";
import { speechEngines } from "./speech-engines";

/**
 * The engine media-plane calls recognise menus and gathers with (`SPEECH_RECOGNITION`): Debian's
 * pocketsphinx with the Silero VAD, when both are here; `off`, or either missing, gives none
 * (those calls take keys, and the validator warns `channel_unsupported`) and says why.
 */
export function speechOnCalls(setting: "pocketsphinx" | "off", log: (line: string) => void): PocketsphinxEngine | undefined {
  if (setting === "off") return undefined;
  const engines = speechEngines();
  const missing = [engines.pocketsphinx, engines.vad].find((engine) => !engine.available);
  if (missing !== undefined) {
    log(`speech recognition on calls is off: ${missing.reason ?? "an engine is missing"}`);
    return undefined;
  }
  return new PocketsphinxEngine();
}
