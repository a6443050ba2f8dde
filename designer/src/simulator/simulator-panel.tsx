import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { toastError } from "../ui/toasts";
import { keypadMode } from "./keypad";
import { KeypadView } from "./keypad-view";
import { createSimulationStore, type NumberedLine, type SimulationState } from "./simulation-store";
import { type SimEvent, simulatorApi } from "./simulator-api";
import { type SetupValues, SimulatorSetup } from "./simulator-setup";
import { endText } from "./transcript";
import { TranscriptView } from "./transcript-view";
import { DialControls } from "./dial-controls";
import { TransferControls } from "./transfer-controls";
import { VariablesView } from "./variables-view";
import "./simulator.css";
import { TextEntry } from "./text-entry";

export interface SimulatorPanelProps {
  flowId: string;
  /** The node the simulated session is at (highlight it on the canvas); null when none runs. */
  onCurrentNode: (nodeId: string | null) => void;
  /** The session's variables after every change. */
  onVariables?: (variables: Record<string, unknown>) => void;
}

/** How often a waiting simulation is read back, to show what timers did on their own. */
const POLL_MS = 1000;

function statusText(state: SimulationState): string {
  if (state.phase === "idle") return "Not started.";
  if (state.phase === "starting") return "Starting…";
  if (state.phase === "ended") return endText(state.endReason);
  const wait = state.wait;
  if (wait?.kind === "input") return `Waiting for ${state.channel === "chat" ? "a reply" : "input"} at ${wait.nodeId}`;
  if (wait?.kind === "http") return `Waiting for the HTTP answer at ${wait.nodeId}`;
  if (wait?.kind === "transfer") return `Waiting for an agent at ${wait.nodeId}`;
  return `At ${state.currentNodeId ?? "—"}`;
}

/** The last line with option buttons, while its menu still waits. */
function liveOptionsLine(state: SimulationState): number | null {
  const line = state.lines.findLast((candidate: NumberedLine) => candidate.kind === "bot" && candidate.options !== undefined);
  if (!line || line.kind !== "bot" || state.wait?.kind !== "input" || state.wait.nodeId !== line.nodeId) return null;
  return line.id;
}

/**
 * Runs the flow in the simulator: voice with a keypad, a speech box and a timeout button, or chat
 * with messages and option buttons; the variables live; the current node reported for the canvas.
 */
export function SimulatorPanel({ flowId, onCurrentNode, onVariables }: SimulatorPanelProps) {
  const [store] = useState(() => createSimulationStore(simulatorApi, toastError));
  const state = useStore(store);
  const [setup, setSetup] = useState<SetupValues>({ channel: "voice", source: "draft", caller: "" });

  const callbacks = useRef({ onCurrentNode, onVariables });
  callbacks.current = { onCurrentNode, onVariables };
  useEffect(() => {
    callbacks.current.onCurrentNode(state.currentNodeId);
  }, [state.currentNodeId]);
  useEffect(() => {
    callbacks.current.onVariables?.(state.variables);
  }, [state.variables]);
  useEffect(
    () => () => {
      store.getState().abandon();
      callbacks.current.onCurrentNode(null);
    },
    [store, flowId],
  );

  const waiting = state.phase === "running" && state.status === "waiting";
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void store.getState().poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, store]);

  const running = state.phase === "running";
  const send = (event: SimEvent) => void store.getState().send(event);
  const wait = state.wait;
  const listening = running && wait?.kind === "input";
  const voice = state.phase === "idle" ? setup.channel === "voice" : state.channel === "voice";

  return (
    <section className="sim-panel" aria-label="Simulator">
      <h2>Simulator</h2>
      <SimulatorSetup
        values={setup}
        onChange={setSetup}
        running={running}
        started={state.phase !== "idle"}
        busy={state.busy}
        onStart={() => void store.getState().start({ flowId, source: setup.source, channel: setup.channel, ...(setup.caller.trim() ? { caller: setup.caller.trim() } : {}) })}
        onHangup={() => send({ type: "hangup" })}
      />
      <p className={`sim-status sim-status-${state.phase}`} role="status" aria-label="Simulation status">
        {statusText(state)}
      </p>
      <TranscriptView lines={state.lines} liveOptionsLineId={liveOptionsLine(state)} disabled={state.busy} onOption={(key) => send({ type: "button", key })} />

      {running && wait?.kind === "transfer" && <TransferControls teamId={wait.teamId} disabled={state.busy} onSend={send} />}
      {running && wait?.kind === "dial" && <DialControls to={wait.to} disabled={state.busy} onSend={send} />}

      {state.phase !== "idle" && voice && (
        <div className="sim-controls" aria-label="Caller controls">
          <KeypadView mode={keypadMode(wait)} disabled={!running} resetKey={wait} onSend={(digits) => send({ type: "digits", digits })} />
          {listening && (wait.input === "speech" || wait.input === "both") && <TextEntry label="Say" placeholder="Say something…" action="Say" disabled={state.busy} onSubmit={(text) => send({ type: "speech", text })} />}
          <button type="button" className="button" disabled={!listening || state.busy} onClick={() => send({ type: "timeout" })}>
            No input (timeout)
          </button>
        </div>
      )}
      {state.phase !== "idle" && !voice && (
        <div className="sim-controls" aria-label="Caller controls">
          <TextEntry label="Message" placeholder="Type a reply…" action="Send" primary disabled={!running || state.busy} onSubmit={(text) => send({ type: "text", text })} />
          <button type="button" className="button" disabled={!listening || state.busy} onClick={() => send({ type: "timeout" })}>
            No reply (timeout)
          </button>
        </div>
      )}

      <VariablesView variables={state.variables} nodes={state.nodes} />
    </section>
  );
}
