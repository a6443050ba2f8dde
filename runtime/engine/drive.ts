import type { FlowNode } from "../../flow-schema/index";
import { admit } from "./admit";
import { enterNode } from "./nodes/enter-node";
import type { Outcome } from "./outcome";
import type { Run } from "./run";

/**
 * Acts on a node's outcome and keeps going until the session waits or ends: follow the edge of
 * the handle taken and enter the next node, switch flows on goto, or stop. Every node visited or
 * decided leaves one step record.
 */
export function drive(run: Run, from: FlowNode, first: Outcome): void {
  let node = from;
  let outcome = first;
  for (;;) {
    switch (outcome.kind) {
      case "wait":
        run.record(node, outcome.outcome, { input: outcome.input, note: outcome.note });
        run.wait(outcome.waiting);
        return;
      case "end":
        run.end(outcome.reason, node, outcome.input, outcome.note);
        return;
      case "follow": {
        run.record(node, outcome.handle, { input: outcome.input, note: outcome.note });
        run.state.waiting = null;
        run.state.status = "active";
        const targetId = run.graph.target(node.id, outcome.handle);
        if (targetId === undefined) return run.end("unconnected_handle", node);
        const target = run.graph.node(targetId);
        if (target === undefined) return run.end("node_missing", node);
        if (!admit(run, target, true)) return;
        node = target;
        outcome = enterNode(run, target);
        break;
      }
      case "goto": {
        const { document } = outcome.target;
        if (document.nodes.length > run.env.limits.maxNodes) return run.end("guard_document_size", node);
        const entry = document.nodes.find((candidate) => candidate.id === document.entry);
        if (entry === undefined) return run.end("node_missing", node);
        run.record(node, "goto", { note: outcome.note });
        run.switchFlow(outcome.target);
        if (!admit(run, entry, true)) return;
        node = entry;
        outcome = enterNode(run, entry);
        break;
      }
    }
  }
}
