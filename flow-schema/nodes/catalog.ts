import type { z } from "zod";
import { aiAgentNode } from "./ai-agent";
import { conditionNode } from "./condition";
import { dialNode } from "./dial";
import { gatherNode } from "./gather";
import { gotoFlowNode } from "./goto-flow";
import { greetingNode } from "./greeting";
import { hangupNode } from "./hangup";
import { httpNode } from "./http";
import { menuNode } from "./menu";
import type { NodeDefinition } from "./node-definition";
import { placeholderNode } from "./placeholder";
import { recordNode } from "./record";
import { returnNode } from "./return";
import { sendMessageNode } from "./send-message";
import { setVariablesNode } from "./set-variables";
import { subflowNode } from "./subflow";
import { timingNode } from "./timing";
import { transferNode } from "./transfer";

const definitions = {
  greeting: greetingNode,
  menu: menuNode,
  gather: gatherNode,
  http: httpNode,
  timing: timingNode,
  condition: conditionNode,
  set_variables: setVariablesNode,
  transfer: transferNode,
  dial: dialNode,
  send_message: sendMessageNode,
  record: recordNode,
  goto_flow: gotoFlowNode,
  subflow: subflowNode,
  return: returnNode,
  hangup: hangupNode,
  ai_agent: aiAgentNode,
  placeholder: placeholderNode,
};

export type NodeType = keyof typeof definitions;
/** The parsed `data` of each node type. */
export type NodeDataMap = { [K in NodeType]: z.output<(typeof definitions)[K]["data"]> };

/** The node catalog: one definition per node type, in palette order. */
export const nodeCatalog: { [K in NodeType]: NodeDefinition<K, NodeDataMap[K]> } = definitions;

export function isNodeType(type: unknown): type is NodeType {
  return typeof type === "string" && Object.hasOwn(definitions, type);
}

/** Every node type, in palette order. */
export const NODE_TYPES: readonly NodeType[] = Object.keys(definitions).filter(isNodeType);

/** The node types an admin can place (the palette): all but `placeholder`, which only an import makes. */
export const PALETTE_NODE_TYPES: readonly NodeType[] = NODE_TYPES.filter((type) => type !== "placeholder");
