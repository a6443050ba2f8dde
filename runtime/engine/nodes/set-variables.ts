import { resolvePath } from "../../../flow-schema/index";
import { toJsonValue } from "../json-value";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { JsonValue } from "../session-state";
import { templateScope } from "../template-scope";
import type { NodeOf } from "./node-of";

const SINGLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}$/;

/** A value template's result: text, except that a lone placeholder keeps its value's type. */
function valueOf(run: Run, template: string): JsonValue {
  const path = SINGLE_PLACEHOLDER.exec(template)?.[1];
  if (path !== undefined) {
    const value = toJsonValue(resolvePath(templateScope(run.state), path));
    if (value !== undefined && value !== null) return value;
  }
  return run.render(template);
}

/**
 * set_variables: assign in order, each seeing the ones before it. Values are rendered text; a value
 * that is a single placeholder (`{{nodes.lookup.body}}`) keeps the number, boolean or object it names.
 */
export const setVariablesExecutor = {
  enter(run: Run, node: NodeOf<"set_variables">): Outcome {
    for (const assignment of node.data.assignments) run.setVar(assignment.name, valueOf(run, assignment.value));
    return { kind: "follow", handle: "next" };
  },
};
