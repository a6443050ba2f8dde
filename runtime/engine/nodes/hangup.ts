import type { Outcome } from "../outcome";
import type { Run } from "../run";
import { speak } from "../speak";
import type { NodeOf } from "./node-of";

/** hangup: say the goodbye, if any, and end (`hangup_node`). */
export const hangupExecutor = {
  enter(run: Run, node: NodeOf<"hangup">): Outcome {
    speak(run, node.id, node.data.prompt);
    return { kind: "end", reason: "hangup_node" };
  },
};
