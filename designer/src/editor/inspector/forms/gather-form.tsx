import { NumberField } from "../fields/number-field";
import type { DataOf } from "../../store/flow-types";
import { SelectField, type SelectOption } from "../fields/select-field";
import { TextField } from "../fields/text-field";
import { PromptEditor } from "../prompt-editor";
import { RetryPrompts, withRetryPrompt } from "../retry-prompts";
import type { FormProps } from "./form-props";

const INPUTS: ReadonlyArray<SelectOption<NonNullable<DataOf<"gather">["input"]>>> = [
  { value: "dtmf", label: "Keypad (DTMF)" },
  { value: "speech", label: "Spoken digits" },
  { value: "both", label: "Keypad or spoken digits" },
];

const TERMINATORS: ReadonlyArray<SelectOption<DataOf<"gather">["terminator"]>> = [
  { value: "#", label: "# (hash)" },
  { value: "*", label: "* (star)" },
  { value: "", label: "None" },
];

export function GatherForm({ data, errors, onChange }: FormProps<"gather">) {
  return (
    <>
      <PromptEditor title="Prompt" prompt={data.prompt} path={["prompt"]} errors={errors} onChange={(prompt, field) => onChange({ ...data, prompt }, { coalesce: `prompt.${field}` })} />
      <TextField
        label="Store digits in"
        value={data.storeAs}
        errors={errors.at("storeAs")}
        hint={`Read later as {{vars.${data.storeAs || "name"}}}`}
        monospace
        onChange={(storeAs) => onChange({ ...data, storeAs }, { coalesce: "storeAs" })}
      />
      <div className="field-row">
        <NumberField label="Min digits" value={data.minDigits} min={1} max={64} errors={errors.at("minDigits")} onChange={(minDigits) => onChange({ ...data, minDigits }, { coalesce: "minDigits" })} />
        <NumberField label="Max digits" value={data.maxDigits} min={1} max={64} errors={errors.at("maxDigits")} onChange={(maxDigits) => onChange({ ...data, maxDigits }, { coalesce: "maxDigits" })} />
      </div>
      <SelectField label="Input" value={data.input ?? "dtmf"} options={INPUTS} errors={errors.at("input")} onChange={(input) => onChange({ ...data, input })} />
      <SelectField label="Ends with key" value={data.terminator} options={TERMINATORS} errors={errors.at("terminator")} onChange={(terminator) => onChange({ ...data, terminator })} />
      <TextField
        label="Pattern (regular expression)"
        value={data.pattern ?? ""}
        errors={errors.at("pattern")}
        hint="RE2 syntax, matched against the whole entry: no lookaround or backreferences"
        monospace
        placeholder="e.g. ^\d{6,10}$"
        onChange={(pattern) => {
          const { pattern: _old, ...rest } = data;
          onChange(pattern === "" ? rest : { ...rest, pattern }, { coalesce: "pattern" });
        }}
      />
      <div className="field-row">
        <NumberField label="Timeout (s)" value={data.timeoutSeconds} min={1} max={60} errors={errors.at("timeoutSeconds")} onChange={(timeoutSeconds) => onChange({ ...data, timeoutSeconds }, { coalesce: "timeoutSeconds" })} />
        <NumberField label="Retries" value={data.maxRetries} min={0} max={10} errors={errors.at("maxRetries")} onChange={(maxRetries) => onChange({ ...data, maxRetries }, { coalesce: "maxRetries" })} />
      </div>
      <RetryPrompts data={data} errors={errors} onChange={(field, prompt, coalesce) => onChange(withRetryPrompt(data, field, prompt), { coalesce })} />
    </>
  );
}
