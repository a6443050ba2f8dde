import { type FlowNodeOf, interpolate } from "../../flow-schema/index";
import type { Effect } from "./effects";
import { CALLER_GONE, type EndReason } from "./end-reason";
import type { EngineEnv } from "./env";
import { type FlowGraph, flowGraph } from "./flow-graph";
import type { FlowVersionRef } from "./flow-version";
import type { JsonValue, NodeResult, SessionState, Waiting } from "./session-state";
import type { StepRecord } from "./step-record";
import { templateScope } from "./template-scope";

/** Reasons after which the driver should not hang up or close: the caller is gone or agents have it. */
const KEEP_CONNECTED: ReadonlySet<EndReason> = new Set(["transfer_handoff", ...CALLER_GONE]);

/** A node as far as records care. */
export interface NodeRef {
  id: string;
  type: string;
}

/**
 * The working copy of one `step` call: a private clone of the state that executors change, and the
 * effects and step records produced so far. Nothing outside the call ever sees it half done.
 */
export class Run {
  readonly effects: Effect[] = [];
  readonly steps: StepRecord[] = [];
  readonly at: string;
  flow: FlowVersionRef;
  graph: FlowGraph;

  constructor(
    flow: FlowVersionRef,
    readonly state: SessionState,
    readonly env: EngineEnv,
  ) {
    this.flow = flow;
    this.graph = flowGraph(flow.document);
    this.at = env.now.toISOString();
  }

  get channel(): "voice" | "chat" {
    return this.state.channel.kind;
  }

  get settings(): FlowVersionRef["document"]["settings"] {
    return this.flow.document.settings;
  }

  /** Renders a template against the session; `encode` is applied to each substituted value. */
  render(template: string, encode?: (value: string) => string): string {
    return interpolate(template, templateScope(this.state), encode ? { encode } : {});
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  record(node: NodeRef, outcome: string, extra: { input?: string | undefined; reason?: EndReason; note?: string | undefined } = {}): void {
    this.steps.push({
      flowId: this.flow.flowId,
      version: this.flow.version,
      nodeId: node.id,
      nodeType: node.type,
      outcome,
      ...(extra.reason === undefined ? {} : { reason: extra.reason }),
      ...(extra.input === undefined ? {} : { input: extra.input }),
      ...(extra.note === undefined ? {} : { note: extra.note }),
      at: this.at,
    });
  }

  /** A fresh token for a wait, echoed by the events that answer it. */
  nextToken(): string {
    this.state.counters.tokens += 1;
    return `w${this.state.counters.tokens}`;
  }

  setVar(name: string, value: JsonValue): void {
    this.state.vars[name] = value;
  }

  setNodeResult(nodeId: string, result: NodeResult): void {
    this.state.nodes[nodeId] = result;
  }

  /** Caller input arrived: the same-node guard starts counting afresh. */
  noteInput(): void {
    this.state.counters.visits = {};
  }

  /** Digits pressed during an interruptible greeting, handed to the input node being entered. */
  takeBargeIn(): string {
    const digits = this.state.bargeIn?.digits ?? "";
    this.state.bargeIn = null;
    return digits;
  }

  wait(waiting: Waiting): void {
    this.state.waiting = waiting;
    this.state.status = "waiting";
    this.state.currentNodeId = waiting.nodeId;
  }

  /** Ends the session: records it at `node` (when known) and emits the `end` effect. */
  end(reason: EndReason, node: NodeRef | undefined, input?: string, note?: string): void {
    if (node) this.record(node, "ended", { reason, input, note });
    this.emit({
      type: "end",
      reason,
      ...(node ? { nodeId: node.id } : {}),
      disconnect: !KEEP_CONNECTED.has(reason),
    });
    this.state.status = "ended";
    this.state.waiting = null;
    this.state.bargeIn = null;
    this.state.endReason = reason;
    this.state.endedAt = this.at;
  }

  /** Moves the session onto another flow version (goto_flow): variables stay, node results go. */
  switchFlow(target: FlowVersionRef): void {
    this.moveTo(target);
    this.state.nodes = {};
    for (const [name, value] of Object.entries(target.document.variables ?? {})) {
      if (!Object.hasOwn(this.state.vars, name)) this.state.vars[name] = value;
    }
  }

  /** Starts a subflow: the calling flow's variables and node results wait in a frame until it returns. */
  enterSubflow(callerNodeId: string, target: FlowVersionRef, vars: Record<string, JsonValue>): void {
    const frame = { flowId: this.flow.flowId, version: this.flow.version, nodeId: callerNodeId, vars: this.state.vars, nodes: this.state.nodes };
    this.state.callStack = [...(this.state.callStack ?? []), frame];
    this.moveTo(target);
    this.state.vars = vars;
    this.state.nodes = {};
  }

  /** How many subflow calls are waiting for the flow running now to return. */
  get callDepth(): number {
    return this.state.callStack?.length ?? 0;
  }

  /**
   * Leaves the running subflow for the flow that called it, its variables and node results back.
   * Returns the calling subflow node, or undefined when that version or node cannot be found.
   */
  leaveSubflow(): FlowNodeOf<"subflow"> | undefined {
    const stack = this.state.callStack ?? [];
    const frame = stack[stack.length - 1];
    if (frame === undefined) return undefined;
    const caller = frame.version === this.flow.version && frame.flowId === this.flow.flowId ? this.flow : this.env.loadVersion(frame.flowId, frame.version);
    const node = caller === undefined ? undefined : flowGraph(caller.document).node(frame.nodeId);
    if (caller === undefined || node === undefined || node.type !== "subflow") return undefined;
    this.state.callStack = stack.slice(0, -1);
    if (this.state.callStack.length === 0) delete this.state.callStack;
    this.moveTo(caller);
    this.state.vars = frame.vars;
    this.state.nodes = frame.nodes;
    this.state.currentNodeId = node.id;
    return node;
  }

  private moveTo(target: FlowVersionRef): void {
    this.flow = target;
    this.graph = flowGraph(target.document);
    this.state.flow = { flowId: target.flowId, version: target.version };
  }

  result(): { state: SessionState; effects: Effect[]; steps: StepRecord[] } {
    return { state: this.state, effects: this.effects, steps: this.steps };
  }
}
