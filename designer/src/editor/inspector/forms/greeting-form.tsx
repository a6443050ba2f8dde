import { CheckboxField } from "../fields/checkbox-field";
import { PromptEditor } from "../prompt-editor";
import type { FormProps } from "./form-props";

export function GreetingForm({ data, errors, onChange }: FormProps<"greeting">) {
  return (
    <>
      <PromptEditor title="Prompt" prompt={data.prompt} path={["prompt"]} errors={errors} onChange={(prompt, field) => onChange({ ...data, prompt }, { coalesce: `prompt.${field}` })} />
      <CheckboxField
        label="Callers can skip it with a key"
        checked={data.interruptible}
        onChange={(interruptible) => onChange({ ...data, interruptible })}
        hint="On voice, a key pressed during the prompt goes to the next input node."
      />
    </>
  );
}
