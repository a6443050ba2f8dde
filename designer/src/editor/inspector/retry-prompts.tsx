import type { Prompt } from "../../../../flow-schema/prompt";
import type { FieldErrors } from "./field-errors";
import { OptionalPrompt } from "./optional-prompt";

export type RetryPromptField = "invalidPrompt" | "noInputPrompt";

interface WithRetryPrompts {
  invalidPrompt?: Prompt | undefined;
  noInputPrompt?: Prompt | undefined;
}

/** `data` with one of its retry prompts set, or removed when undefined. */
export function withRetryPrompt<T extends WithRetryPrompts>(data: T, field: RetryPromptField, prompt: Prompt | undefined): T {
  const next: T = { ...data };
  if (prompt === undefined) delete next[field];
  else next[field] = prompt;
  return next;
}

/** The prompts said before a menu or gather asks again: after an invalid choice, after no input. */
export function RetryPrompts({ data, errors, onChange }: {
  data: WithRetryPrompts;
  errors: FieldErrors;
  onChange: (field: RetryPromptField, prompt: Prompt | undefined, coalesce: string) => void;
}) {
  return (
    <>
      <OptionalPrompt
        title="Invalid-choice prompt"
        prompt={data.invalidPrompt}
        path={["invalidPrompt"]}
        errors={errors}
        starter="Sorry, that is not a valid choice."
        onChange={(prompt, field) => onChange("invalidPrompt", prompt, `invalidPrompt.${field}`)}
      />
      <OptionalPrompt
        title="No-input prompt"
        prompt={data.noInputPrompt}
        path={["noInputPrompt"]}
        errors={errors}
        starter="Sorry, I did not get that."
        onChange={(prompt, field) => onChange("noInputPrompt", prompt, `noInputPrompt.${field}`)}
      />
    </>
  );
}
