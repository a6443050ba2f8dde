import { useEditor } from "../../store/editor-context";
import { TextField } from "../fields/text-field";
import { KeyValueEditor } from "../key-value-editor";
import type { FormProps } from "./form-props";

/** Return: the outcome the calling subflow node leaves by, and the values of this flow's declared outputs. */
export function ReturnForm({ data, errors, onChange }: FormProps<"return">) {
  const outputs = useEditor((state) => state.document.outputs);
  const declared = Object.keys(outputs ?? {});
  return (
    <>
      <TextField
        label="Outcome"
        value={data.outcome}
        monospace
        errors={errors.at("outcome")}
        hint="The calling subflow node leaves by the handle of this name."
        onChange={(outcome) => onChange({ ...data, outcome }, { coalesce: "outcome" })}
      />
      <KeyValueEditor
        legend="Outputs"
        entries={data.outputs}
        path={["outputs"]}
        errors={errors}
        keyLabel="Output"
        valueLabel="Value"
        newKey={declared.find((name) => !Object.hasOwn(data.outputs, name)) ?? "output"}
        onChange={(outputs, coalesce) => onChange({ ...data, outputs }, coalesce ? { coalesce } : {})}
      />
      <p className="field-hint">{declared.length === 0 ? "This flow declares no outputs (document field outputs)." : `This flow's outputs: ${declared.join(", ")}.`}</p>
    </>
  );
}
