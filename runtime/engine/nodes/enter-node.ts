import type { FlowNode } from "../../../flow-schema/index";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import { aiAgentExecutor } from "./ai-agent";
import { conditionExecutor } from "./condition";
import { dialExecutor } from "./dial";
import { gatherExecutor } from "./gather";
import { gotoFlowExecutor } from "./goto-flow";
import { greetingExecutor } from "./greeting";
import { hangupExecutor } from "./hangup";
import { httpExecutor } from "./http";
import { menuExecutor } from "./menu";
import { placeholderExecutor } from "./placeholder";
import { recordExecutor } from "./record";
import { returnExecutor } from "./return";
import { sendMessageExecutor } from "./send-message";
import { setVariablesExecutor } from "./set-variables";
import { subflowExecutor } from "./subflow";
import { timingExecutor } from "./timing";
import { transferExecutor } from "./transfer";

/** Runs a node on entry: one executor per node type of the catalog. */
export function enterNode(run: Run, node: FlowNode): Outcome {
  switch (node.type) {
    case "greeting":
      return greetingExecutor.enter(run, node);
    case "menu":
      return menuExecutor.enter(run, node);
    case "gather":
      return gatherExecutor.enter(run, node);
    case "http":
      return httpExecutor.enter(run, node);
    case "timing":
      return timingExecutor.enter(run, node);
    case "condition":
      return conditionExecutor.enter(run, node);
    case "set_variables":
      return setVariablesExecutor.enter(run, node);
    case "transfer":
      return transferExecutor.enter(run, node);
    case "dial":
      return dialExecutor.enter(run, node);
    case "send_message":
      return sendMessageExecutor.enter(run, node);
    case "record":
      return recordExecutor.enter(run, node);
    case "goto_flow":
      return gotoFlowExecutor.enter(run, node);
    case "subflow":
      return subflowExecutor.enter(run, node);
    case "return":
      return returnExecutor.enter(run, node);
    case "hangup":
      return hangupExecutor.enter(run, node);
    case "ai_agent":
      return aiAgentExecutor.enter(run, node);
    case "placeholder":
      return placeholderExecutor.enter(run, node);
  }
}
