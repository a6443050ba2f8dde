import type { Outcome } from "../outcome";
import type { Run } from "../run";
import { templateValue } from "../template-value";
import type { NodeOf } from "./node-of";

/**
 * set_variables: assign in order, each seeing the ones before it. Values are rendered text; a value
 * that is a single placeholder (`{{nodes.lookup.body}}`) keeps the number, boolean or object it names.
 */
export const setVariablesExecutor = {
  enter(run: Run, node: NodeOf<"set_variables">): Outcome {
    for (const assignment of node.data.assignments) run.setVar(assignment.name, templateValue(run, assignment.value));
    return { kind: "follow", handle: "next" };
  },
};
