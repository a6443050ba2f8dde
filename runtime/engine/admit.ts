import type { FlowNode } from "../../flow-schema/index";
import type { Run } from "./run";

/**
 * The per-node guards, checked before a node runs. `entering`: the node is being entered (not
 * deciding on an event while it waits), which also counts toward the same-node guard.
 * Returns false, having ended the session, when a guard is hit.
 *  - steps: each execution counts; once `maxSteps` have run, the next ends with `guard_steps`.
 *  - same node: entries per node since the last caller input; the entry that reaches
 *    `maxSameNodeInARow` ends with `guard_same_node`.
 */
export function admit(run: Run, node: FlowNode, entering: boolean): boolean {
  const { counters } = run.state;
  const { limits } = run.env;
  if (counters.steps >= limits.maxSteps) {
    run.end("guard_steps", node);
    return false;
  }
  if (entering) {
    const key = `${run.flow.flowId}:${node.id}`;
    const visits = (counters.visits[key] ?? 0) + 1;
    counters.visits[key] = visits;
    if (visits >= limits.maxSameNodeInARow) {
      run.end("guard_same_node", node);
      return false;
    }
    run.state.currentNodeId = node.id;
  }
  counters.steps += 1;
  return true;
}
