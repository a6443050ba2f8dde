import type { EngineEvent } from "../engine/index";
import { TIMER_KINDS, TimerPayload } from "./timer-kinds";

/** The event a fired runner timer feeds to its session; undefined for a timer that is not ours or is malformed. */
export function timerEvent(kind: string, payload: unknown): EngineEvent | undefined {
  const parsed = TimerPayload.safeParse(payload);
  if (!parsed.success) return undefined;
  const { token, nodeId } = parsed.data;
  switch (kind) {
    case TIMER_KINDS.input:
      return { type: "timeout", token, nodeId };
    case TIMER_KINDS.transfer:
      return { type: "transfer_result", result: "no_answer", token, nodeId };
    case TIMER_KINDS.http:
      return { type: "http_result", error: "timeout", token, nodeId };
    case TIMER_KINDS.ai:
      return { type: "ai_result", error: { kind: "timeout", message: "the model turn did not finish (the runtime restarted during it)" }, token, nodeId };
    case TIMER_KINDS.record:
      return { type: "record_result", result: "no_audio", note: "no recording arrived in time", token, nodeId };
    case TIMER_KINDS.send:
      return { type: "send_result", result: "failed", error: "the runtime stopped before the message was sent", token, nodeId };
    default:
      return undefined;
  }
}
