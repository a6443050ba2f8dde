import type { InputEvent } from "../events";
import { matchOption } from "../match-option";
import type { Outcome } from "../outcome";
import { retryOrLeave } from "../retry";
import type { Run } from "../run";
import type { FailureCause, InputWait } from "../session-state";
import { speak } from "../speak";
import type { NodeOf } from "./node-of";

type MenuNode = NodeOf<"menu">;

/** Says the menu (chat: one message carrying the options) and arms a collect. */
function ask(run: Run, node: MenuNode, attempt: number, lastFailure: FailureCause | null): InputWait {
  const { data } = node;
  speak(run, node.id, data.prompt, { options: data.options });
  const token = run.nextToken();
  const speech = data.input !== "dtmf" && run.channel === "voice";
  run.emit({
    type: "collect",
    nodeId: node.id,
    token,
    mode: "menu",
    input: run.channel === "chat" ? "text" : data.input,
    timeoutSeconds: data.timeoutSeconds,
    maxDigits: 1,
    options: data.options.map((option) => ({ key: option.key, label: option.label, say: option.say ?? [] })),
    ...(speech ? { hints: data.options.flatMap((option) => [option.label, ...(option.say ?? [])]) } : {}),
  });
  return { kind: "input", nodeId: node.id, token, attempt, lastFailure, buffered: "" };
}

/** What the caller sent, as text, or undefined for no input. */
function inputText(event: InputEvent): string | undefined {
  switch (event.type) {
    case "digits":
      // Menus take one key: the first one pressed.
      return event.digits === "" ? undefined : event.digits.slice(0, 1);
    case "text":
    case "speech":
      return event.text.trim() === "" ? undefined : event.text;
    case "button":
      return event.key;
    case "timeout":
      return event.digits ? event.digits.slice(0, 1) : undefined;
  }
}

function decide(run: Run, node: MenuNode, waiting: InputWait, event: InputEvent): Outcome {
  const retry = (cause: FailureCause, input?: string) =>
    retryOrLeave(run, node, waiting, cause, (attempt, lastFailure) => ask(run, node, attempt, lastFailure), input);
  const input = inputText(event);
  if (input === undefined) return retry("no_input");
  const option =
    event.type === "button" ? node.data.options.find((candidate) => candidate.key === input) : matchOption(node.data.options, input);
  if (!option) return retry("invalid", input);
  run.setNodeResult(node.id, { key: option.key, label: option.label });
  return { kind: "follow", handle: `option:${option.key}`, input };
}

/**
 * menu: offer options and wait. A key, or a label / say-word said or typed (see matchOption), or a
 * chat button picks `option:<key>` and leaves `nodes.<id>.key/label`. No input and invalid input
 * are retried (see retryOrLeave). A key pressed during an interruptible greeting is the first try.
 */
export const menuExecutor = {
  enter(run: Run, node: MenuNode): Outcome {
    const carried = run.takeBargeIn();
    if (carried !== "") {
      const first: InputWait = { kind: "input", nodeId: node.id, token: "", attempt: 1, lastFailure: null, buffered: "" };
      return decide(run, node, first, { type: "digits", digits: carried });
    }
    return { kind: "wait", waiting: ask(run, node, 1, null), outcome: "waiting" };
  },

  resume(run: Run, node: MenuNode, waiting: InputWait, event: InputEvent): Outcome {
    return decide(run, node, waiting, event);
  },
};
