import type { TransferResult } from "../events";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

type TransferNode = NodeOf<"transfer">;

/**
 * transfer: emit a `transfer` effect. With no outgoing edges the flow ends at the hand-off
 * (`transfer_handoff`, the agents own the conversation). Otherwise wait for `transfer_result`:
 * completed → `completed`, no_answer → `no_answer`, abandoned → end `abandoned`.
 */
export const transferExecutor = {
  enter(run: Run, node: TransferNode): Outcome {
    const { data } = node;
    run.takeBargeIn();
    const endsFlow = run.graph.connected(node.id).size === 0;
    const token = run.nextToken();
    const waitingMessage = data.waitingMessage === undefined ? undefined : run.render(data.waitingMessage);
    run.emit({
      type: "transfer",
      nodeId: node.id,
      token,
      teamId: data.teamId,
      priority: data.priority,
      timeoutSeconds: data.timeoutSeconds,
      ...(data.holdAudio === undefined ? {} : { holdAudio: data.holdAudio }),
      ...(waitingMessage === undefined ? {} : { waitingMessage }),
      endsFlow,
    });
    if (endsFlow) return { kind: "end", reason: "transfer_handoff" };
    return { kind: "wait", waiting: { kind: "transfer", nodeId: node.id, token }, outcome: "waiting" };
  },

  resume(_run: Run, _node: TransferNode, result: TransferResult): Outcome {
    if (result.result === "abandoned") return { kind: "end", reason: "abandoned" };
    return { kind: "follow", handle: result.result };
  },
};
