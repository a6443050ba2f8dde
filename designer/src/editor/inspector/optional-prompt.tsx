import type { Prompt } from "../../../../flow-schema/prompt";
import type { FieldErrors } from "./field-errors";
import { PromptEditor } from "./prompt-editor";

/** A prompt that may be left out (goodbye, invalid-choice, no-input): add it, edit it, remove it. */
export function OptionalPrompt({ title, prompt, path, errors, onChange, starter }: {
  title: string;
  prompt: Prompt | undefined;
  path: readonly string[];
  errors: FieldErrors;
  onChange: (prompt: Prompt | undefined, field: string) => void;
  starter: string;
}) {
  if (prompt === undefined) {
    return (
      <button type="button" className="button button-small add-button" onClick={() => onChange({ text: starter }, "add")}>
        + {title}
      </button>
    );
  }
  return (
    <div className="optional-prompt">
      <PromptEditor title={title} prompt={prompt} path={path} errors={errors} onChange={onChange} />
      <button type="button" className="button button-small button-danger" onClick={() => onChange(undefined, "remove")}>
        Remove {title.toLowerCase()}
      </button>
    </div>
  );
}
