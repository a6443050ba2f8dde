import { CheckboxField } from "../fields/checkbox-field";
import { NumberField } from "../fields/number-field";
import { TextField } from "../fields/text-field";
import { StoreAsField } from "../fields/store-as-field";
import type { FormProps } from "./form-props";

/** The dial node: who to call, as whom, how long it rings and may last, recorded or not. */
export function DialForm({ data, errors, onChange }: FormProps<"dial">) {
  return (
    <>
      <TextField
        label="Number or SIP address"
        value={data.to}
        hint="E.164 (+14155550100) or sip:user@host; templates such as {{vars.number}} work."
        errors={errors.at("to")}
        onChange={(to) => onChange({ ...data, to }, { coalesce: "to" })}
      />
      <TextField
        label="Caller id"
        value={data.callerId ?? ""}
        hint="What the called party sees; empty: the caller's own number on Twilio, the SIP trunk's number on browser voice and SIP calls."
        errors={errors.at("callerId")}
        onChange={(callerId) => {
          const { callerId: _old, ...rest } = data;
          onChange(callerId === "" ? rest : { ...rest, callerId }, { coalesce: "callerId" });
        }}
      />
      <div className="field-row">
        <NumberField label="Ring for (s)" value={data.timeoutSeconds} min={5} max={600} errors={errors.at("timeoutSeconds")} onChange={(timeoutSeconds) => onChange({ ...data, timeoutSeconds }, { coalesce: "timeoutSeconds" })} />
        <NumberField label="Time limit (s)" value={data.timeLimitSeconds} min={1} max={14400} errors={errors.at("timeLimitSeconds")} onChange={(timeLimitSeconds) => onChange({ ...data, timeLimitSeconds }, { coalesce: "timeLimitSeconds" })} />
      </div>
      <CheckboxField label="Record the call" checked={data.record} onChange={(record) => onChange({ ...data, record })} />
      <StoreAsField label="Store result as variable" hint="Gets {status, durationSeconds}; also in {{nodes.<id>.status}}." data={data} errors={errors} onChange={onChange} />
    </>
  );
}
