import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

/**
 * placeholder: something an import could not convert (a Studio send-message before Switchboard
 * has that node). It cannot run: the session ends (`placeholder_node`), with the reason in the
 * step's note. A published version never has one (the validator refuses it); a draft in the
 * simulator may.
 */
export const placeholderExecutor = {
  enter(_run: Run, node: NodeOf<"placeholder">): Outcome {
    const becomes = node.data.mapsTo === undefined ? "" : `, to become a ${node.data.mapsTo} node`;
    return { kind: "end", reason: "placeholder_node", note: `${node.data.source} ${node.data.originalType} was not converted${becomes}: ${node.data.reason}` };
  },
};
