import { OptionalPrompt } from "../optional-prompt";
import type { FormProps } from "./form-props";

export function HangupForm({ data, errors, onChange }: FormProps<"hangup">) {
  return (
    <OptionalPrompt
      title="Goodbye prompt"
      prompt={data.prompt}
      path={["prompt"]}
      errors={errors}
      starter="Thank you for calling. Goodbye."
      onChange={(prompt, field) => onChange(prompt === undefined ? {} : { ...data, prompt }, { coalesce: `prompt.${field}` })}
    />
  );
}
