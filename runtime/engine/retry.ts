import type { Prompt } from "../../flow-schema/index";
import type { z } from "zod";
import type { Outcome } from "./outcome";
import type { Run } from "./run";
import type { FailureCause, InputWait } from "./session-state";
import { speak } from "./speak";

export interface RetryNode {
  id: string;
  data: {
    maxRetries: number;
    invalidPrompt?: z.infer<typeof Prompt> | undefined;
    noInputPrompt?: z.infer<typeof Prompt> | undefined;
  };
}

/**
 * A menu or gather try failed. Tries are numbered from 1 (the first prompt); while
 * `attempt <= maxRetries` the node re-prompts (the cause's prompt, then `ask` says the prompt
 * again and arms a new collect). After try maxRetries + 1 it leaves: `timeout` when the last
 * failure was no input, `max_retries` when it was invalid input, or the other of the pair when
 * only that one is connected (neither connected: the unconnected handle ends the session).
 */
export function retryOrLeave(
  run: Run,
  node: RetryNode,
  waiting: InputWait,
  cause: FailureCause,
  ask: (attempt: number, lastFailure: FailureCause) => InputWait,
  input?: string,
): Outcome {
  if (waiting.attempt <= node.data.maxRetries) {
    speak(run, node.id, cause === "invalid" ? node.data.invalidPrompt : node.data.noInputPrompt);
    return { kind: "wait", waiting: ask(waiting.attempt + 1, cause), outcome: cause, ...withInput(input) };
  }
  return { kind: "follow", handle: exhaustedHandle(run, node.id, cause), ...withInput(input) };
}

function exhaustedHandle(run: Run, nodeId: string, cause: FailureCause): string {
  const preferred = cause === "no_input" ? "timeout" : "max_retries";
  const other = cause === "no_input" ? "max_retries" : "timeout";
  const connected = run.graph.connected(nodeId);
  return !connected.has(preferred) && connected.has(other) ? other : preferred;
}

function withInput(input: string | undefined): { input?: string } {
  return input === undefined ? {} : { input };
}
