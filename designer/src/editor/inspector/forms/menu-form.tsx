import type { z } from "zod";
import type { MenuInput } from "../../../../../flow-schema/nodes/menu";
import { NumberField } from "../fields/number-field";
import { SelectField, type SelectOption } from "../fields/select-field";
import { MenuOptionsEditor } from "../menu-options-editor";
import { PromptEditor } from "../prompt-editor";
import { RetryPrompts, withRetryPrompt } from "../retry-prompts";
import type { FormProps } from "./form-props";

const INPUTS: ReadonlyArray<SelectOption<z.infer<typeof MenuInput>>> = [
  { value: "dtmf", label: "Keypad (DTMF)" },
  { value: "speech", label: "Speech" },
  { value: "both", label: "Keypad or speech" },
];

export function MenuForm({ data, errors, onChange }: FormProps<"menu">) {
  return (
    <>
      <PromptEditor title="Prompt" prompt={data.prompt} path={["prompt"]} errors={errors} onChange={(prompt, field) => onChange({ ...data, prompt }, { coalesce: `prompt.${field}` })} />
      <MenuOptionsEditor options={data.options} errors={errors} onChange={(options, update) => onChange({ ...data, options }, update)} />
      <SelectField label="Input" value={data.input} options={INPUTS} errors={errors.at("input")} onChange={(input) => onChange({ ...data, input })} />
      <div className="field-row">
        <NumberField label="Timeout (s)" value={data.timeoutSeconds} min={1} max={60} errors={errors.at("timeoutSeconds")} onChange={(timeoutSeconds) => onChange({ ...data, timeoutSeconds }, { coalesce: "timeoutSeconds" })} />
        <NumberField label="Retries" value={data.maxRetries} min={0} max={10} errors={errors.at("maxRetries")} onChange={(maxRetries) => onChange({ ...data, maxRetries }, { coalesce: "maxRetries" })} />
      </div>
      <RetryPrompts data={data} errors={errors} onChange={(field, prompt, coalesce) => onChange(withRetryPrompt(data, field, prompt), { coalesce })} />
    </>
  );
}
