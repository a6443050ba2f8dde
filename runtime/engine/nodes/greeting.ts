import type { Outcome } from "../outcome";
import type { Run } from "../run";
import { speak } from "../speak";
import type { NodeOf } from "./node-of";

/**
 * greeting: say the prompt and go on along `next`. On voice an interruptible greeting opens a
 * barge-in: keys pressed before the next menu or gather reach it are handed to that node.
 */
export const greetingExecutor = {
  enter(run: Run, node: NodeOf<"greeting">): Outcome {
    const interruptible = node.data.interruptible && run.channel === "voice";
    speak(run, node.id, node.data.prompt, { interruptible });
    if (interruptible && run.state.bargeIn === null) run.state.bargeIn = { nodeId: node.id, digits: "" };
    return { kind: "follow", handle: "next" };
  },
};
