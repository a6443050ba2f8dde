import { Link } from "../../../router/link";
import { useReferenceData } from "../../references/reference-data";
import { FieldProblems } from "../fields/field-problems";
import { TextField } from "../fields/text-field";
import { ReferencePicker } from "../reference-picker";
import { inputRows, outputRows, retarget, setInput, setOutput, withOutcomes } from "../subflow/subflow-mapping";
import { useSubflowContract } from "../subflow/use-subflow-contract";
import type { FormProps } from "./form-props";

/** Subflow: the called flow (with a link to open it), its inputs and outputs mapped, its outcomes as handles. */
export function SubflowForm({ data, errors, onChange }: FormProps<"subflow">) {
  const { flows } = useReferenceData();
  const state = useSubflowContract(data.flowId);
  const contract = state.status === "ready" ? state.contract : undefined;
  const outcomesMatch = contract !== undefined && contract.outcomes.join("\n") === data.outcomes.join("\n");
  return (
    <>
      <ReferencePicker
        label="Call flow"
        value={data.flowId}
        items={flows}
        errors={errors.at("flowId")}
        hint="Publishing pins its live version; the call comes back by the outcome it returns."
        onChange={(flowId) => onChange(retarget(data, flowId, undefined), { coalesce: "flowId" })}
      />
      <p className="field-hint">
        <Link href={`/designer/flows/${encodeURIComponent(data.flowId)}`}>Open {data.flowId}</Link>
        {state.status === "ready" && ` · live version ${state.version}`}
        {state.status === "unpublished" && " · not published yet: publish it before this flow"}
        {state.status === "unavailable" && ` · its inputs and outputs could not be read (${state.reason})`}
        {data.version !== undefined && ` · this draft carries a pin to v${data.version} (from a rollback); publishing pins the live version again`}
      </p>

      <fieldset className="list-editor">
        <legend>Inputs</legend>
        <FieldProblems errors={errors.at("inputs")} />
        {inputRows(data, contract).length === 0 && <p className="field-hint">{state.status === "loading" ? "Loading…" : "The called flow takes no inputs."}</p>}
        {inputRows(data, contract).map((row) => (
          <TextField
            key={row.name}
            label={row.type === undefined ? `${row.name} (not an input of ${data.flowId})` : `${row.name} (${row.type}${row.required ? ", required" : ""})`}
            value={row.value}
            monospace
            placeholder={row.defaultValue === undefined ? "{{vars.name}} or a value" : `default: ${row.defaultValue}`}
            errors={errors.within("inputs", row.name)}
            onChange={(value) => onChange(setInput(data, row.name, value), { coalesce: `inputs.${row.name}` })}
          />
        ))}
      </fieldset>

      <fieldset className="list-editor">
        <legend>Outputs</legend>
        {outputRows(data, contract).length === 0 && <p className="field-hint">{state.status === "loading" ? "Loading…" : "The called flow gives back no outputs."}</p>}
        {outputRows(data, contract).map((row) => (
          <TextField
            key={row.name}
            label={row.type === undefined ? `${row.name} (not an output of ${data.flowId}) → variable` : `${row.name} (${row.type}) → variable`}
            value={row.variable}
            monospace
            placeholder="leave empty to ignore it"
            errors={errors.within("outputs", row.name)}
            onChange={(variable) => onChange(setOutput(data, row.name, variable), { coalesce: `outputs.${row.name}` })}
          />
        ))}
      </fieldset>

      <fieldset className="list-editor">
        <legend>Outcomes (one handle each, plus failed)</legend>
        <FieldProblems errors={errors.within("outcomes")} />
        <p className="field-hint">{data.outcomes.length === 0 ? "None yet." : data.outcomes.join(", ")}</p>
        {contract !== undefined && !outcomesMatch && (
          <button type="button" className="button button-small" onClick={() => onChange(withOutcomes(data, contract))}>
            Use {data.flowId}'s outcomes: {contract.outcomes.join(", ") || "none"}
          </button>
        )}
      </fieldset>
    </>
  );
}
