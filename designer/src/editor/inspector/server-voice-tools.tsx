import { useState } from "react";
import { piperVoice } from "../../../../flow-schema/speech-engine";
import { audioApi } from "../../audio/audio-api";
import { piperSpeak } from "../../audio/piper-browser";
import { useAudioLibrary } from "../../audio/use-audio-library";
import { toast } from "../../ui/toasts";
import { previewText } from "./prompt-edits";

/** Plays a blob or URL once. */
function play(source: Blob | string): void {
  const audio = new Audio(typeof source === "string" ? source : URL.createObjectURL(source));
  void audio.play();
}

/**
 * The phone voice of a prompt: espeak-ng renders on the server (preview), Piper renders in this
 * browser (preview, or render into an audio asset that the prompt then plays). Piper's code loads
 * only when one of its buttons is pressed.
 */
export function ServerVoiceTools({ text, voice, language, onRendered }: { text: string; voice: string | undefined; language: string | undefined; onRendered: (audioId: string) => void }) {
  const engines = useAudioLibrary((state) => state.engines);
  const [busy, setBusy] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const piper = piperVoice(voice);
  const espeak = voice === "espeak" || voice?.startsWith("espeak:") === true;
  if ((!piper && !espeak) || text.trim() === "") return null;

  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };
  const piperModule = engines?.piper.module ?? null;
  const piperBlob = async () => {
    if (piperModule === null || piper === undefined) throw new Error("piper-tts-web is not installed on the server (npm install)");
    return piperSpeak(piperModule, previewText(text), piper);
  };

  return (
    <div className="server-voice-tools">
      {espeak && (
        <button
          type="button"
          className="button button-small"
          disabled={busy !== undefined || engines?.espeak.available === false}
          onClick={() => run("espeak", async () => play((await audioApi.renderEspeak({ text: previewText(text), ...(voice?.startsWith("espeak:") ? { voice: voice.slice(7) } : {}), ...(language ? { language } : {}) })).oggUrl))}
        >
          {busy === "espeak" ? "Rendering…" : "▶ Phone voice (espeak-ng)"}
        </button>
      )}
      {piper && (
        <>
          <button type="button" className="button button-small" disabled={busy !== undefined} onClick={() => run("piper", async () => play(await piperBlob()))}>
            {busy === "piper" ? "Loading Piper…" : "▶ Piper preview"}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={busy !== undefined || text.includes("{{")}
            title={text.includes("{{") ? "Text with {{variables}} changes per call: espeak-ng speaks it on the server" : "Renders the text with Piper and plays that asset on calls"}
            onClick={() =>
              run("render", async () => {
                const wav = await piperBlob();
                const { asset } = await audioApi.upload(new File([wav], `${piper}.wav`, { type: "audio/wav" }), `Piper ${piper}: ${text.slice(0, 60)}`);
                await useAudioLibrary.getState().load();
                onRendered(asset.id);
                toast.success(`Rendered into the audio library as “${asset.name}”`);
              })
            }
          >
            {busy === "render" ? "Rendering…" : "Render to audio asset"}
          </button>
        </>
      )}
      {problem && (
        <p className="field-errors" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
