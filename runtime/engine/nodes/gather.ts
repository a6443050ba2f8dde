import { flowPattern } from "../../../flow-schema/flow-pattern";
import { patternProblemMessage } from "../../../flow-schema/pattern-problem-message";
import type { InputEvent } from "../events";
import type { Outcome } from "../outcome";
import { retryOrLeave } from "../retry";
import type { Run } from "../run";
import type { FailureCause, InputWait } from "../session-state";
import { speak } from "../speak";
import type { NodeOf } from "./node-of";

type GatherNode = NodeOf<"gather">;
type GatherData = GatherNode["data"];

/** Says the prompt (unless the caller is already typing) and arms a collect. */
function ask(run: Run, node: GatherNode, attempt: number, lastFailure: FailureCause | null, buffered = ""): InputWait {
  const { data } = node;
  if (buffered === "") speak(run, node.id, data.prompt);
  const token = run.nextToken();
  run.emit({
    type: "collect",
    nodeId: node.id,
    token,
    mode: "digits",
    input: run.channel === "chat" ? "text" : (data.input ?? "dtmf"),
    timeoutSeconds: data.timeoutSeconds,
    minDigits: data.minDigits,
    maxDigits: data.maxDigits,
    ...(data.terminator === "" ? {} : { terminator: data.terminator }),
  });
  return { kind: "input", nodeId: node.id, token, attempt, lastFailure, buffered };
}

/** The keys up to the terminator, and whether the terminator was pressed. */
function cutAtTerminator(keys: string, terminator: GatherData["terminator"]): { entry: string; terminated: boolean } {
  const at = terminator === "" ? -1 : keys.indexOf(terminator);
  return at < 0 ? { entry: keys, terminated: false } : { entry: keys.slice(0, at), terminated: true };
}

/** Keys the event carries: DTMF as pressed; digits found in typed or spoken text. */
function eventKeys(event: InputEvent): string {
  switch (event.type) {
    case "digits":
      return event.digits;
    case "timeout":
      return event.digits ?? "";
    case "text":
    case "speech":
      return event.text.replace(/[^0-9]/g, "");
    case "button":
      return event.key.replace(/[^0-9]/g, "");
  }
}

function rawInput(event: InputEvent): string | undefined {
  switch (event.type) {
    case "digits":
      return event.digits;
    case "timeout":
      return event.digits;
    case "text":
    case "speech":
      return event.text;
    case "button":
      return event.key;
  }
}

/** Whether the entry fits; `problem` when the pattern cannot run (then nothing fits). */
function check(data: GatherData, entry: string): { valid: boolean; problem?: string } {
  if (entry.length < data.minDigits || entry.length > data.maxDigits) return { valid: false };
  if (data.pattern === undefined) return { valid: true };
  const compiled = flowPattern(data.pattern);
  // The validator refuses such a pattern; a version published before it did accepts nothing.
  if (!compiled.ok) return { valid: false, problem: patternProblemMessage(data.pattern, compiled.problem) };
  return { valid: compiled.whole(entry) };
}

function decide(run: Run, node: GatherNode, waiting: InputWait, event: InputEvent): Outcome {
  const input = rawInput(event);
  const retry = (cause: FailureCause) =>
    retryOrLeave(run, node, waiting, cause, (attempt, lastFailure) => ask(run, node, attempt, lastFailure), input);
  const { entry } = cutAtTerminator(waiting.buffered + eventKeys(event), node.data.terminator);
  const typedSomething = input !== undefined && input.trim() !== "";
  if (entry === "") return retry(typedSomething || waiting.buffered !== "" ? "invalid" : "no_input");
  const { valid, problem } = check(node.data, entry);
  if (!valid) return problem === undefined ? retry("invalid") : { ...retry("invalid"), note: problem };
  run.setVar(node.data.storeAs, entry);
  run.setNodeResult(node.id, { digits: entry });
  return { kind: "follow", handle: "next", ...(input === undefined ? { input: entry } : { input }) };
}

/**
 * gather: collect a number. A digits event is one complete entry (the driver ends it on the
 * terminator, on maxDigits or on its timeout); a trailing terminator is cut off. A timeout event
 * may carry the keys typed so far: accepted when they satisfy minDigits and the pattern (RE2 syntax,
 * matched against the whole entry in linear time). Chat text
 * counts the digits in it. Valid entries go to `vars.<storeAs>` and `nodes.<id>.digits`; others
 * are retried (see retryOrLeave). Keys pressed during an interruptible greeting start the entry.
 */
export const gatherExecutor = {
  enter(run: Run, node: GatherNode): Outcome {
    const carried = run.takeBargeIn();
    if (carried === "") return { kind: "wait", waiting: ask(run, node, 1, null), outcome: "waiting" };
    const { terminated } = cutAtTerminator(carried, node.data.terminator);
    const first: InputWait = { kind: "input", nodeId: node.id, token: "", attempt: 1, lastFailure: null, buffered: "" };
    if (terminated || carried.length >= node.data.maxDigits) return decide(run, node, first, { type: "digits", digits: carried });
    // The caller has started typing: no prompt over them, just wait for the rest.
    return { kind: "wait", waiting: ask(run, node, 1, null, carried), outcome: "waiting", input: carried };
  },

  resume(run: Run, node: GatherNode, waiting: InputWait, event: InputEvent): Outcome {
    return decide(run, node, waiting, event);
  },
};
