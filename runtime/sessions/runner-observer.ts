import type { Effect, EngineEvent, SessionState, StepRecord } from "../engine/index";

/**
 * Who asked for a dispatch. `channel`: the caller renders the returned effects itself (a webhook
 * answer, the simulator). `timer`: the timer worker. `system`: anything else (agent rooms, the
 * API). Channel drivers push the effects of `timer` and `system` dispatches on their own.
 */
export type DispatchOrigin = "channel" | "timer" | "system";

/** One committed step record, numbered: what a log line or a live canvas shows. */
export interface StepLog extends StepRecord {
  sessionId: string;
  /** The step's `seq` in `session_steps`. */
  seq: number;
  channelType: string;
}

export interface EffectsContext {
  event: EngineEvent;
  origin: DispatchOrigin;
  /** The session's state after the step. */
  state: SessionState;
}

/**
 * Hooks called after each committed step, in order, under the session's lock. They must be quick
 * and must not throw (errors are caught and reported through `onError`).
 */
export interface RunnerObserver {
  /** Once per step record. */
  onStep?(step: StepLog): void;
  /** The effects of one committed step (never empty). */
  onEffects?(sessionId: string, effects: readonly Effect[], context: EffectsContext): void;
  /**
   * A piece of a model's answer as it streams in (an ai_agent turn), before the turn is committed:
   * for live views. With an observer that has this hook, model turns are streamed.
   */
  onModelText?(sessionId: string, nodeId: string, delta: string): void;
  /** A durable timer was armed, due at `dueAt` (ms): the timer worker wakes up for it. */
  onTimerArmed?(dueAt: number): void;
}
