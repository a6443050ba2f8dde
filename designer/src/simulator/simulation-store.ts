import { createStore, type StoreApi } from "zustand/vanilla";
import type { SessionStatus, SessionView, SimChannel, SimEvent, SimulationResult, SimulatorClient, StartOptions } from "./simulator-api";
import { callerLine, effectLines, endText, stepLines, type TranscriptLine } from "./transcript";
import { type WaitInfo, waitFromResult, waitFromState } from "./wait-info";

export type NumberedLine = TranscriptLine & { id: number };

export interface SimulationState {
  /** idle: nothing started; starting: waiting for the first answer; running; ended. */
  phase: "idle" | "starting" | "running" | "ended";
  channel: SimChannel;
  sessionId: string | null;
  status: SessionStatus | null;
  currentNodeId: string | null;
  variables: Record<string, unknown>;
  nodes: Record<string, unknown>;
  endReason: string | null;
  wait: WaitInfo | null;
  lines: NumberedLine[];
  /** The last step seen, so steps that happen on their own can be told apart. */
  seenSeq: number;
  /** A request of the caller's is under way. */
  busy: boolean;
}

export interface SimulationActions {
  start(options: StartOptions): Promise<void>;
  send(event: SimEvent): Promise<void>;
  /** Reads the stored session: steps that happened on their own (timers, HTTP results), state. */
  poll(): Promise<void>;
  /** Hangs up a running session quietly (the panel closes, another flow is opened) and resets. */
  abandon(): void;
}

export type SimulationStore = StoreApi<SimulationState & SimulationActions>;

const initial = (channel: SimChannel = "voice"): SimulationState => ({
  phase: "idle",
  channel,
  sessionId: null,
  status: null,
  currentNodeId: null,
  variables: {},
  nodes: {},
  endReason: null,
  wait: null,
  lines: [],
  seenSeq: 0,
  busy: false,
});

const lastSeq = (session: SessionView): number => session.steps.reduce((max, step) => Math.max(max, step.seq), 0);

/**
 * One simulated call or chat: the transcript, the variables, what it waits for. Requests run one
 * at a time; `onError` gets every failure (the panel shows them as toasts).
 */
export function createSimulationStore(client: SimulatorClient, onError: (error: unknown) => void): SimulationStore {
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  let lineCounter = 0;
  const number = (lines: readonly TranscriptLine[]): NumberedLine[] => lines.map((line) => ({ ...line, id: ++lineCounter }));

  const enqueue = (task: () => Promise<void>): Promise<void> => {
    pending++;
    const run = queue.then(task).catch(onError).finally(() => pending--);
    queue = run;
    return run;
  };

  return createStore<SimulationState & SimulationActions>((set, get) => {
    const apply = (result: SimulationResult, lines: readonly TranscriptLine[]) => {
      const state = get();
      set({
        sessionId: result.sessionId,
        status: result.status,
        phase: result.status === "ended" ? "ended" : "running",
        currentNodeId: result.currentNodeId,
        variables: result.variables,
        nodes: result.nodes,
        endReason: result.endReason,
        wait: waitFromResult(result, state.wait, state.channel),
        lines: [...state.lines, ...number(lines), ...number(effectLines(result.effects, state.channel))],
      });
    };

    /** A restarted or abandoned session is hung up so its timers stop; failures do not matter. */
    const hangUpQuietly = () => {
      const { sessionId, phase } = get();
      if (sessionId !== null && phase === "running") client.send(sessionId, { type: "hangup" }).catch(() => undefined);
    };

    /** After an answer of ours: its steps are ours, so only later ones count as "on their own". */
    const baseline = async (sessionId: string) => {
      const session = await client.session(sessionId);
      if (get().sessionId !== sessionId) return;
      set({ seenSeq: lastSeq(session) });
    };

    const sync = async () => {
      const { sessionId, phase } = get();
      if (sessionId === null || phase === "idle") return;
      const session = await client.session(sessionId);
      const state = get();
      if (state.sessionId !== sessionId) return;
      const fresh = session.steps.filter((step) => step.seq > state.seenSeq);
      const lines = stepLines(fresh);
      const ended = session.state.status === "ended";
      if (ended && state.phase !== "ended") lines.push({ kind: "end", text: endText(session.state.endReason) });
      set({
        seenSeq: Math.max(state.seenSeq, lastSeq(session)),
        status: session.state.status,
        phase: ended ? "ended" : "running",
        currentNodeId: session.state.currentNodeId,
        variables: session.state.vars,
        nodes: session.state.nodes,
        endReason: session.state.endReason,
        wait: waitFromState(session.state, session.steps, state.wait, state.channel),
        lines: lines.length === 0 ? state.lines : [...state.lines, ...number(lines)],
      });
    };

    return {
      ...initial(),
      start: (options) =>
        enqueue(async () => {
          hangUpQuietly();
          set({ ...initial(options.channel), phase: "starting", busy: true });
          try {
            const result = await client.start(options);
            apply(result, []);
            await baseline(result.sessionId);
          } catch (error) {
            set({ phase: "idle" });
            throw error;
          } finally {
            set({ busy: false });
          }
        }),
      send: (event) =>
        enqueue(async () => {
          const { sessionId, phase, wait } = get();
          if (sessionId === null || phase !== "running") return;
          set({ busy: true });
          try {
            const result = await client.send(sessionId, event);
            apply(result, [callerLine(event, wait?.kind === "input" ? wait.options : [])]);
            await baseline(sessionId);
          } catch (error) {
            // The session may have moved on its own (a timer ended it, say): show where it is.
            await sync().catch(() => undefined);
            throw error;
          } finally {
            set({ busy: false });
          }
        }),
      poll: () => (pending > 0 ? Promise.resolve() : enqueue(sync)),
      abandon: () => {
        hangUpQuietly();
        set(initial(get().channel));
      },
    };
  });
}
