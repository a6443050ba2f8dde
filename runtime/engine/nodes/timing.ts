import { isOpen } from "../is-open";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

/** timing: `in_hours` or `out_of_hours` by the env clock in the node's time zone (see isOpen). */
export const timingExecutor = {
  enter(run: Run, node: NodeOf<"timing">): Outcome {
    return { kind: "follow", handle: isOpen(node.data, run.env.now) ? "in_hours" : "out_of_hours" };
  },
};
