import type { FlowNode } from "../../../flow-schema/index";
import type { EngineEvent } from "../events";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { Waiting } from "../session-state";
import { aiAgentExecutor } from "./ai-agent";
import { dialExecutor } from "./dial";
import { gatherExecutor } from "./gather";
import { httpExecutor } from "./http";
import { menuExecutor } from "./menu";
import { recordExecutor } from "./record";
import { sendMessageExecutor } from "./send-message";
import { transferExecutor } from "./transfer";

/**
 * Hands an event to the node the session waits at. Undefined when the event is not an answer to
 * that wait (the step loop then ignores it as stale).
 */
export function resumeNode(run: Run, node: FlowNode, waiting: Waiting, event: EngineEvent): Outcome | undefined {
  switch (event.type) {
    case "digits":
    case "text":
    case "speech":
    case "button":
    case "timeout":
      if (waiting.kind !== "input") return undefined;
      if (node.type === "menu") return menuExecutor.resume(run, node, waiting, event);
      if (node.type === "gather") return gatherExecutor.resume(run, node, waiting, event);
      if (node.type === "ai_agent") return aiAgentExecutor.resumeInput(run, node, event);
      return undefined;
    case "http_result":
      if (waiting.kind !== "http") return undefined;
      if (node.type === "ai_agent") return aiAgentExecutor.resumeTool(run, node, event);
      return node.type === "http" ? httpExecutor.resume(run, node, event) : undefined;
    case "ai_result":
      return waiting.kind === "ai" && node.type === "ai_agent" ? aiAgentExecutor.resumeModel(run, node, event) : undefined;
    case "record_result":
      return waiting.kind === "record" && node.type === "record" ? recordExecutor.resume(run, node, event) : undefined;
    case "send_result":
      return waiting.kind === "send" && node.type === "send_message" ? sendMessageExecutor.resume(run, node, event) : undefined;
    case "transfer_result":
      return waiting.kind === "transfer" && node.type === "transfer" ? transferExecutor.resume(run, node, event) : undefined;
    case "dial_result":
      return waiting.kind === "dial" && node.type === "dial" ? dialExecutor.resume(run, node, event) : undefined;
    case "start":
    case "hangup":
      return undefined;
  }
}
