import { useState } from "react";
import type { Prompt } from "../../../../flow-schema/prompt";
import { useEditor } from "../store/editor-context";
import { AudioPicker } from "./audio-picker";
import type { FieldErrors } from "./field-errors";
import { TextField } from "./fields/text-field";
import { promptWith } from "./prompt-edits";
import { ServerVoiceTools } from "./server-voice-tools";
import { SpeechEngineInfo } from "./speech-engine-info";
import { TtsPreview } from "./tts-preview";

export interface PromptEditorProps {
  title: string;
  prompt: Prompt;
  /** Where the prompt is in the node's data, for its errors. */
  path: readonly string[];
  errors: FieldErrors;
  onChange: (prompt: Prompt, field: string) => void;
}

/**
 * What a node says: text (with a TTS preview), or recorded audio from the library; voice and
 * language; and which engine speaks it on each channel.
 */
export function PromptEditor({ title, prompt, path, errors, onChange }: PromptEditorProps) {
  const flowVoice = useEditor((state) => state.document.settings?.voice);
  const set = (field: keyof Prompt) => (value: string) => onChange(promptWith(prompt, { [field]: value }), field);
  const voice = prompt.voice ?? flowVoice;
  // Open when the prompt uses any of these, then as the admin leaves it (clearing the audio does not fold it away).
  const [moreOpen, setMoreOpen] = useState(Boolean(prompt.audio || prompt.voice || prompt.language));
  return (
    <fieldset className="prompt-editor">
      <legend>{title}</legend>
      <TextField
        label="Text"
        value={prompt.text ?? ""}
        onChange={set("text")}
        errors={errors.at(...path, "text")}
        multiline
        rows={3}
        placeholder="What the caller hears or reads; {{vars.name}} inserts a value"
      />
      <TtsPreview text={prompt.text ?? ""} language={prompt.language} />
      <SpeechEngineInfo prompt={{ ...prompt, voice }} />
      <details className="prompt-more" open={moreOpen} onToggle={(event) => setMoreOpen(event.currentTarget.open)}>
        <summary>Audio, voice and language</summary>
        <AudioPicker label="Recorded audio" value={prompt.audio ?? ""} onChange={set("audio")} errors={errors.at(...path, "audio")} hint="Played instead of the text on phone calls" />
        <TextField
          label="Voice"
          value={prompt.voice ?? ""}
          onChange={set("voice")}
          errors={errors.at(...path, "voice")}
          placeholder={flowVoice ? `${flowVoice} (the flow's)` : "e.g. Polly.Joanna, espeak:en-gb, piper:en_US-lessac-medium"}
        />
        <ServerVoiceTools text={prompt.text ?? ""} voice={voice} language={prompt.language} onRendered={set("audio")} />
        <TextField label="Language" value={prompt.language ?? ""} onChange={set("language")} errors={errors.at(...path, "language")} placeholder="e.g. en-US" />
      </details>
    </fieldset>
  );
}
