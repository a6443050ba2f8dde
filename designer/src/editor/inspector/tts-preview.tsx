import { useEffect, useState } from "react";
import { previewText } from "./prompt-edits";

function speechAvailable(): boolean {
  return typeof window !== "undefined" && "speechSynthesis" in window && typeof SpeechSynthesisUtterance !== "undefined";
}

/** Reads a prompt aloud with the browser's speech synthesis (the Piper engine arrives later). */
export function TtsPreview({ text, language }: { text: string; language?: string | undefined }) {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => () => {
    if (speechAvailable()) window.speechSynthesis.cancel();
  }, []);
  if (!speechAvailable()) {
    return <p className="field-hint">No preview: this browser has no speech synthesis. Server voices (Piper) come in a later release.</p>;
  }
  const speak = () => {
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(previewText(text));
    if (language) utterance.lang = language;
    utterance.onend = () => setSpeaking(false);
    utterance.onerror = () => setSpeaking(false);
    setSpeaking(true);
    window.speechSynthesis.speak(utterance);
  };
  const stop = () => {
    window.speechSynthesis.cancel();
    setSpeaking(false);
  };
  return (
    <div className="tts-preview">
      {speaking ? (
        <button type="button" className="button button-small" onClick={stop}>
          ■ Stop
        </button>
      ) : (
        <button type="button" className="button button-small" onClick={speak} disabled={text.trim() === ""}>
          ▶ Preview
        </button>
      )}
      <span className="field-hint">Browser voice; the phone voice may differ.</span>
    </div>
  );
}
