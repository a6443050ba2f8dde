import { admit } from "./admit";
import { drive } from "./drive";
import type { Effect } from "./effects";
import type { EngineEnv } from "./env";
import type { EngineEvent } from "./events";
import type { FlowVersionRef } from "./flow-version";
import { enterNode } from "./nodes/enter-node";
import { resumeNode } from "./nodes/resume-node";
import { Run } from "./run";
import type { SessionState, Waiting } from "./session-state";
import { sessionGuard } from "./session-guard";
import type { StepRecord } from "./step-record";

export interface StepInput {
  /** The version the session is pinned to (`state.flow`). */
  flow: FlowVersionRef;
  state: SessionState;
  event: EngineEvent;
  env: EngineEnv;
}

export interface StepResult {
  state: SessionState;
  effects: Effect[];
  steps: StepRecord[];
}

/** Thrown when the runtime passes a flow version other than the one the session is pinned to. */
export class FlowMismatchError extends Error {
  override name = "FlowMismatchError";
}

const CALLER_INPUT: ReadonlySet<EngineEvent["type"]> = new Set(["digits", "text", "speech", "button"]);

/** An event addressed to another wait than the current one (a late timer, a repeated callback). */
function addressedElsewhere(event: EngineEvent, waiting: Waiting): boolean {
  if (!("token" in event || "nodeId" in event)) return false;
  return (event.token !== undefined && event.token !== waiting.token) || (event.nodeId !== undefined && event.nodeId !== waiting.nodeId);
}

/** Whether the event is the kind of answer the wait expects. */
function answers(event: EngineEvent, waiting: Waiting): boolean {
  switch (event.type) {
    case "http_result":
      return waiting.kind === "http";
    case "transfer_result":
      return waiting.kind === "transfer";
    case "ai_result":
      return waiting.kind === "ai";
    case "dial_result":
      return waiting.kind === "dial";
    case "send_result":
      return waiting.kind === "send";
    case "record_result":
      return waiting.kind === "record";
    case "start":
    case "hangup":
      return false;
    default:
      return waiting.kind === "input";
  }
}

function isCallerInput(event: EngineEvent): boolean {
  return CALLER_INPUT.has(event.type) || (event.type === "timeout" && (event.digits ?? "") !== "");
}

/**
 * The engine: `(flow version, session state, event, env) → (new state, effects, step records)`.
 * Pure: no I/O, the input state is never changed. An event the session is not waiting for returns
 * the very same state object with no effects and no records.
 */
export function step({ flow, state, event, env }: StepInput): StepResult {
  const ignored: StepResult = { state, effects: [], steps: [] };
  if (state.status === "ended") return ignored;
  if (flow.flowId !== state.flow.flowId || flow.version !== state.flow.version) {
    throw new FlowMismatchError(
      `session ${state.sessionId} runs ${state.flow.flowId}@${state.flow.version}, not ${flow.flowId}@${flow.version}`,
    );
  }
  const run = new Run(flow, structuredClone(state), env);
  const current = state.currentNodeId === null ? undefined : run.graph.node(state.currentNodeId);

  const guard = sessionGuard(run);
  if (guard !== undefined) {
    run.end(guard, current ?? run.graph.node(flow.document.entry));
    return run.result();
  }

  switch (event.type) {
    case "start": {
      if (state.currentNodeId !== null) return ignored;
      const entry = run.graph.node(flow.document.entry);
      if (entry === undefined) run.end("node_missing", undefined);
      else if (admit(run, entry, true)) drive(run, entry, enterNode(run, entry));
      return run.result();
    }
    case "hangup":
      run.end(state.waiting?.kind === "transfer" ? "abandoned" : (event.callStatus ?? "caller_hangup"), current);
      return run.result();
    default:
      break;
  }

  const { waiting } = state;
  if (waiting === null || current === undefined || addressedElsewhere(event, waiting)) return ignored;
  if (waiting.kind !== "input" && event.type === "digits" && state.bargeIn !== null) {
    // A key pressed during an interruptible greeting: kept for the next menu or gather.
    run.noteInput();
    run.state.bargeIn = { nodeId: state.bargeIn.nodeId, digits: state.bargeIn.digits + event.digits };
    return run.result();
  }
  if (!answers(event, waiting)) return ignored;
  if (isCallerInput(event)) run.noteInput();
  if (!admit(run, current, false)) return run.result();
  const outcome = resumeNode(run, current, waiting, event);
  if (outcome === undefined) return ignored;
  drive(run, current, outcome);
  return run.result();
}
