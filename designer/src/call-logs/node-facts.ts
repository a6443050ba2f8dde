import type { FlowNode } from "../../../flow-schema/document";
import { isNodeType, type NodeType, nodeCatalog } from "../../../flow-schema/nodes/catalog";
import type { OutputHandle } from "../../../flow-schema/nodes/node-definition";

/** What the call logs show of a node: its name, its type's icon and title, a summary and its handles. */
export interface NodeFacts {
  label: string;
  icon: string;
  typeTitle: string;
  summary: string;
  handles: OutputHandle[];
}

interface Described {
  summary: string;
  handles: OutputHandle[];
}

function describe<K extends NodeType>(type: K, data: unknown): Described {
  const definition = nodeCatalog[type];
  const parsed = definition.data.safeParse(data);
  return parsed.success ? { summary: definition.summary(parsed.data), handles: definition.outputs(parsed.data) } : { summary: "", handles: [] };
}

/** Facts of a node of the document, or of a node known only by id and type (its document is unavailable or changed). */
export function nodeFacts(node: FlowNode | undefined, fallback: { nodeId: string; nodeType: string }): NodeFacts {
  if (node) {
    const definition = nodeCatalog[node.type];
    return { label: node.label ?? node.id, icon: definition.icon, typeTitle: definition.title, ...describe(node.type, node.data) };
  }
  const type = fallback.nodeType;
  return {
    label: fallback.nodeId,
    icon: isNodeType(type) ? nodeCatalog[type].icon : "•",
    typeTitle: isNodeType(type) ? nodeCatalog[type].title : type,
    summary: "",
    handles: [],
  };
}
