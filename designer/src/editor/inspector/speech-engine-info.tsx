import { useEffect } from "react";
import { type SpeechPrompt, speechEngine } from "../../../../flow-schema/speech-engine";
import { ensureAudioLibrary, useAudioLibrary } from "../../audio/use-audio-library";

const ENGINE_NAMES = { audio: "recorded audio", espeak: "espeak-ng (server)", native: "Twilio <Say>", text: "text message", none: "nothing" } as const;

/** Which engine speaks this prompt on each channel kind (flow-schema/speech-engine.ts decides, for the runtime too). */
export function SpeechEngineInfo({ prompt }: { prompt: SpeechPrompt }) {
  const espeakAvailable = useAudioLibrary((state) => state.engines?.espeak.available);
  useEffect(ensureAudioLibrary, []);
  const options = espeakAvailable === undefined ? {} : { espeakAvailable };
  const rows = [
    { channel: "Phone", choice: speechEngine(prompt, "voice", options) },
    { channel: "Chat", choice: speechEngine(prompt, "chat", options) },
  ];
  return (
    <dl className="speech-engines" aria-label="Speech engine per channel">
      {rows.map(({ channel, choice }) => (
        <div key={channel} data-channel={channel.toLowerCase()} data-engine={choice.engine}>
          <dt>{channel}</dt>
          <dd title={choice.reason}>
            {ENGINE_NAMES[choice.engine]}
            {choice.engine === "native" && choice.voice ? ` (${choice.voice})` : ""}
            <span className="field-hint"> — {choice.reason}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
