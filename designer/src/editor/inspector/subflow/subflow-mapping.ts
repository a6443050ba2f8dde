import type { SubflowData } from "../../../../../flow-schema/nodes/subflow";
import type { SubflowContract } from "../../../../../flow-schema/subflow-contract";

/** One row of the inputs table: a declared input of the called flow, or a mapping it does not declare. */
export interface InputRow {
  name: string;
  /** "string", "number"… ; undefined for a mapping the called flow does not declare. */
  type: string | undefined;
  required: boolean;
  defaultValue: string | undefined;
  value: string;
}

/** One row of the outputs table: a declared output, and the variable of this flow it goes to ("" when not taken). */
export interface OutputRow {
  name: string;
  type: string | undefined;
  variable: string;
}

/** The inputs to show: the called flow's declared ones in its order, then mappings it does not declare (to fix or remove). */
export function inputRows(data: SubflowData, contract: SubflowContract | undefined): InputRow[] {
  const declared = Object.entries(contract?.inputs ?? {}).map(([name, input]) => ({
    name,
    type: input.type,
    required: input.default === undefined,
    defaultValue: input.default === undefined ? undefined : String(input.default),
    value: data.inputs[name] ?? "",
  }));
  const extra = Object.entries(data.inputs)
    .filter(([name]) => !declared.some((row) => row.name === name))
    .map(([name, value]) => ({ name, type: undefined, required: false, defaultValue: undefined, value }));
  return [...declared, ...extra];
}

export function outputRows(data: SubflowData, contract: SubflowContract | undefined): OutputRow[] {
  const declared = Object.entries(contract?.outputs ?? {}).map(([name, output]) => ({ name, type: output.type, variable: data.outputs[name] ?? "" }));
  const extra = Object.entries(data.outputs)
    .filter(([name]) => !declared.some((row) => row.name === name))
    .map(([name, variable]) => ({ name, type: undefined, variable }));
  return [...declared, ...extra];
}

/** Maps an input to a value template; an empty value removes the mapping (the default applies). */
export function setInput(data: SubflowData, name: string, value: string): SubflowData {
  const { [name]: _old, ...rest } = data.inputs;
  return { ...data, inputs: value === "" ? rest : { ...data.inputs, [name]: value } };
}

/** Sends an output to a variable; an empty name stops taking it. */
export function setOutput(data: SubflowData, name: string, variable: string): SubflowData {
  const { [name]: _old, ...rest } = data.outputs;
  return { ...data, outputs: variable === "" ? rest : { ...data.outputs, [name]: variable } };
}

/** The node's handles made to match the called flow's return outcomes (edges of outcomes that are gone stay for the validator to flag). */
export function withOutcomes(data: SubflowData, contract: SubflowContract): SubflowData {
  return { ...data, outcomes: [...contract.outcomes] };
}

/** A new called flow: its outcomes, and only the mappings it declares. */
export function retarget(data: SubflowData, flowId: string, contract: SubflowContract | undefined): SubflowData {
  const { version: _pin, ...rest } = data;
  if (contract === undefined) return { ...rest, flowId };
  const keep = <T,>(record: Record<string, T>, declared: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([name]) => Object.hasOwn(declared, name)));
  return { ...rest, flowId, inputs: keep(data.inputs, contract.inputs), outputs: keep(data.outputs, contract.outputs), outcomes: [...contract.outcomes] };
}
