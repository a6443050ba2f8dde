import { z } from "zod";

/** The timers the runner arms, one per wait, each answered by an event when it fires. */
export const TIMER_KINDS = {
  /** A menu or gather got no answer: `timeout`. */
  input: "input_timeout",
  /** No agent took a transfer: `transfer_result no_answer`. */
  transfer: "transfer_timeout",
  /** An HTTP callback never answered (the process died during it): `http_result timeout`. */
  http: "http_timeout",
  /** A model turn never answered (the process died during it): `ai_result` with a timeout error. */
  ai: "ai_timeout",
  /** A send_message never got its answer (the process died while sending): `send_result failed`. */
  send: "send_timeout",
  /** A recording's answer never came (the provider or the call went away): `record_result no_audio`. */
  record: "record_timeout",
} as const;

export type TimerKind = (typeof TIMER_KINDS)[keyof typeof TIMER_KINDS];

export const RUNNER_TIMER_KINDS: readonly TimerKind[] = Object.values(TIMER_KINDS);

/** What every runner timer carries: the wait it guards. */
export const TimerPayload = z.object({ token: z.string().min(1), nodeId: z.string().min(1) });
export type TimerPayload = z.infer<typeof TimerPayload>;
