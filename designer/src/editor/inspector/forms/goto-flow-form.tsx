import { useReferenceData } from "../../references/reference-data";
import { ReferencePicker } from "../reference-picker";
import type { FormProps } from "./form-props";

export function GotoFlowForm({ data, errors, onChange }: FormProps<"goto_flow">) {
  const { flows } = useReferenceData();
  return (
    <ReferencePicker
      label="Continue in flow"
      value={data.flowId}
      items={flows}
      errors={errors.at("flowId")}
      hint="Its published version runs; variables carry over."
      onChange={(flowId) => onChange({ ...data, flowId }, { coalesce: "flowId" })}
    />
  );
}
