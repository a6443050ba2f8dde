import type { Prompt } from "../../../../flow-schema/prompt";
import type { FieldErrors } from "./field-errors";
import { TextField } from "./fields/text-field";
import { promptWith } from "./prompt-edits";
import { TtsPreview } from "./tts-preview";

export interface PromptEditorProps {
  title: string;
  prompt: Prompt;
  /** Where the prompt is in the node's data, for its errors. */
  path: readonly string[];
  errors: FieldErrors;
  onChange: (prompt: Prompt, field: string) => void;
}

/** What a node says: text (with a TTS preview), or a recorded audio id; voice and language. */
export function PromptEditor({ title, prompt, path, errors, onChange }: PromptEditorProps) {
  const set = (field: keyof Prompt) => (value: string) => onChange(promptWith(prompt, { [field]: value }), field);
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
      <details className="prompt-more" open={Boolean(prompt.audio || prompt.voice || prompt.language) || undefined}>
        <summary>Audio, voice and language</summary>
        <TextField label="Audio asset id" value={prompt.audio ?? ""} onChange={set("audio")} errors={errors.at(...path, "audio")} hint="Played instead of the text on voice channels" />
        <TextField label="Voice" value={prompt.voice ?? ""} onChange={set("voice")} errors={errors.at(...path, "voice")} placeholder="e.g. Polly.Joanna" />
        <TextField label="Language" value={prompt.language ?? ""} onChange={set("language")} errors={errors.at(...path, "language")} placeholder="e.g. en-US" />
      </details>
    </fieldset>
  );
}
