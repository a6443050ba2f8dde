import type { FlowNode } from "../../flow-schema/index";
import { outcomeHandle } from "../../flow-schema/nodes/subflow";
import { admit } from "./admit";
import type { EndReason } from "./end-reason";
import { enterNode } from "./nodes/enter-node";
import type { Outcome } from "./outcome";
import type { Run } from "./run";

/** Endings that, inside a subflow, mean it ended without a return: the caller takes `failed` instead. */
const SUBFLOW_FAILURES: ReadonlySet<EndReason> = new Set(["unconnected_handle", "node_missing", "goto_target_missing"]);

/**
 * Acts on a node's outcome and keeps going until the session waits or ends: follow the edge of
 * the handle taken and enter the next node, switch flows on goto, call and return from subflows,
 * or stop. Every node visited or decided leaves one step record.
 */
export function drive(run: Run, from: FlowNode, first: Outcome): void {
  let node = from;
  let outcome = first;
  /**
   * Inside a subflow, an ending in SUBFLOW_FAILURES goes back to the calling subflow node, which
   * leaves by `failed` ("unwound"); "stopped": the caller could not be found and the session ended;
   * "none": not in a subflow, or an ending that ends the session anyway.
   */
  const unwind = (reason: EndReason, at: FlowNode): "unwound" | "stopped" | "none" => {
    if (run.callDepth === 0 || !SUBFLOW_FAILURES.has(reason)) return "none";
    const caller = run.leaveSubflow();
    if (caller === undefined) {
      run.end("node_missing", at);
      return "stopped";
    }
    node = caller;
    outcome = { kind: "follow", handle: "failed", note: `the subflow ended without a return (${reason})` };
    return "unwound";
  };
  for (;;) {
    switch (outcome.kind) {
      case "wait":
        run.record(node, outcome.outcome, { input: outcome.input, note: outcome.note });
        run.wait(outcome.waiting);
        return;
      case "end":
        if (run.callDepth > 0 && SUBFLOW_FAILURES.has(outcome.reason)) {
          run.record(node, "failed", { reason: outcome.reason, input: outcome.input, note: outcome.note });
          if (unwind(outcome.reason, node) === "unwound") break;
          return;
        }
        run.end(outcome.reason, node, outcome.input, outcome.note);
        return;
      case "follow": {
        run.record(node, outcome.handle, { input: outcome.input, note: outcome.note });
        run.state.waiting = null;
        run.state.status = "active";
        const targetId = run.graph.target(node.id, outcome.handle);
        const target = targetId === undefined ? undefined : run.graph.node(targetId);
        if (target === undefined) {
          const reason = targetId === undefined ? "unconnected_handle" : "node_missing";
          const unwound = unwind(reason, node);
          if (unwound === "unwound") break;
          if (unwound === "stopped") return;
          return run.end(reason, node);
        }
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
      case "call": {
        const { target, vars } = outcome;
        const { document } = target;
        if (document.nodes.length > run.env.limits.maxNodes) return run.end("guard_document_size", node);
        const entry = document.nodes.find((candidate) => candidate.id === document.entry);
        if (entry === undefined) {
          outcome = { kind: "follow", handle: "failed", note: `flow "${target.flowId}" has no entry node` };
          break;
        }
        run.record(node, "call", { note: outcome.note });
        run.enterSubflow(node.id, target, vars);
        if (!admit(run, entry, true)) return;
        node = entry;
        outcome = enterNode(run, entry);
        break;
      }
      case "return": {
        const { outputs, failure } = outcome;
        const returned = outcome.outcome;
        run.record(node, `return:${returned}`, { note: failure ?? outcome.note });
        const caller = run.leaveSubflow();
        if (caller === undefined) return run.end("node_missing", node);
        node = caller;
        if (failure !== undefined) {
          outcome = { kind: "follow", handle: "failed", note: failure };
          break;
        }
        for (const [output, variable] of Object.entries(caller.data.outputs)) {
          const value = outputs[output];
          if (value !== undefined) run.setVar(variable, value);
        }
        run.setNodeResult(caller.id, { outcome: returned, outputs });
        outcome = caller.data.outcomes.includes(returned)
          ? { kind: "follow", handle: outcomeHandle(returned) }
          : { kind: "follow", handle: "failed", note: `flow "${run.flow.flowId}" node "${caller.id}" has no handle for outcome "${returned}"` };
        break;
      }
    }
  }
}
