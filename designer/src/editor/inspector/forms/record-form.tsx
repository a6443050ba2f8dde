import { RecordData } from "../../../../../flow-schema/nodes/record";
import { CheckboxField } from "../fields/checkbox-field";
import { NumberField } from "../fields/number-field";
import { SelectField } from "../fields/select-field";
import { TextField } from "../fields/text-field";
import { OptionalPrompt } from "../optional-prompt";
import { StoreAsField } from "../fields/store-as-field";
import type { FormProps } from "./form-props";

const KEYS = RecordData.shape.finishOnKey.unwrap().options.map((key) => ({ value: key, label: key === "" ? "None" : key }));

export function RecordForm({ data, errors, onChange }: FormProps<"record">) {
  return (
    <>
      <OptionalPrompt
        title="Before the beep"
        prompt={data.prompt}
        path={["prompt"]}
        errors={errors}
        starter="Please leave a message after the tone."
        onChange={(prompt, field) => {
          const { prompt: _old, ...rest } = data;
          onChange(prompt === undefined ? rest : { ...rest, prompt }, { coalesce: `prompt.${field}` });
        }}
      />
      <CheckboxField label="Play a beep" checked={data.playBeep} onChange={(playBeep) => onChange({ ...data, playBeep })} />
      <div className="field-row">
        <NumberField label="Longest (s)" value={data.maxLengthSeconds} min={1} max={3600} errors={errors.at("maxLengthSeconds")} onChange={(maxLengthSeconds) => onChange({ ...data, maxLengthSeconds }, { coalesce: "maxLengthSeconds" })} />
        <NumberField label="Ends after silence (s)" value={data.silenceTimeoutSeconds} min={1} max={60} errors={errors.at("silenceTimeoutSeconds")} onChange={(silenceTimeoutSeconds) => onChange({ ...data, silenceTimeoutSeconds }, { coalesce: "silenceTimeoutSeconds" })} />
        <SelectField label="Finish key" value={data.finishOnKey} options={KEYS} errors={errors.at("finishOnKey")} onChange={(finishOnKey) => onChange({ ...data, finishOnKey })} />
      </div>
      <CheckboxField label="Transcribe" checked={data.transcribe} hint="With the speech engine set up in Settings → Speech." onChange={(transcribe) => onChange({ ...data, transcribe })} />
      <StoreAsField label="Store recording in" data={data} errors={errors} onChange={onChange} />
    </>
  );
}
