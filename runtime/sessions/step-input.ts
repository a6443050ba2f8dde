import type { StepRecord } from "../engine/index";
import type { StepInput } from "../store/index";

/** An engine step record as a `session_steps` row (a draft's version is null there). */
export function toStepInput(record: StepRecord): StepInput {
  return {
    flowId: record.flowId,
    version: record.version === "draft" ? null : record.version,
    nodeId: record.nodeId,
    nodeType: record.nodeType,
    outcome: record.outcome,
    input: record.input ?? null,
    at: Date.parse(record.at),
  };
}
