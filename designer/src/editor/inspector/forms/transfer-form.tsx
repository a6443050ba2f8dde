import { Priority } from "../../../../../flow-schema/nodes/transfer";
import { useReferenceData } from "../../references/reference-data";
import { NumberField } from "../fields/number-field";
import { SelectField } from "../fields/select-field";
import { TextField } from "../fields/text-field";
import { AudioPicker } from "../audio-picker";
import { ReferencePicker } from "../reference-picker";
import type { FormProps } from "./form-props";

const PRIORITIES = Priority.options.map((priority) => ({ value: priority, label: priority[0]?.toUpperCase() + priority.slice(1) }));

export function TransferForm({ data, errors, onChange }: FormProps<"transfer">) {
  const { teams } = useReferenceData();
  return (
    <>
      <ReferencePicker label="Team" value={data.teamId} items={teams} errors={errors.at("teamId")} onChange={(teamId) => onChange({ ...data, teamId }, { coalesce: "teamId" })} />
      <div className="field-row">
        <SelectField label="Priority" value={data.priority} options={PRIORITIES} errors={errors.at("priority")} onChange={(priority) => onChange({ ...data, priority })} />
        <NumberField label="Wait for an agent (s)" value={data.timeoutSeconds} min={5} max={3600} hint="A team with its own transfer timeout (Settings → Teams) uses that instead." errors={errors.at("timeoutSeconds")} onChange={(timeoutSeconds) => onChange({ ...data, timeoutSeconds }, { coalesce: "timeoutSeconds" })} />
      </div>
      <TextField
        label="Waiting message (chat)"
        value={data.waitingMessage ?? ""}
        multiline
        rows={2}
        errors={errors.at("waitingMessage")}
        onChange={(waitingMessage) => {
          const { waitingMessage: _old, ...rest } = data;
          onChange(waitingMessage === "" ? rest : { ...rest, waitingMessage }, { coalesce: "waitingMessage" });
        }}
      />
      <AudioPicker
        label="Hold audio (voice)"
        shipped
        value={data.holdAudio ?? ""}
        errors={errors.at("holdAudio")}
        onChange={(holdAudio) => {
          const { holdAudio: _old, ...rest } = data;
          onChange(holdAudio === "" ? rest : { ...rest, holdAudio }, { coalesce: "holdAudio" });
        }}
      />
    </>
  );
}
