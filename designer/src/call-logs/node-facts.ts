import type { FlowNode } from "../../../flow-schema/document";
import { isNodeType, type NodeType, nodeCatalog } from "../../../flow-schema/nodes/catalog";
import type { OutputHandle } from "../../../flow-schema/nodes/node-definition";

/** What the call logs show of a node: its name, its type's title, a summary and its handles. */
export interface NodeFacts {
  label: string;
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
    return { label: node.label ?? node.id, typeTitle: definition.title, ...describe(node.type, node.data) };
  }
  const type = fallback.nodeType;
  return {
    label: fallback.nodeId,
    typeTitle: isNodeType(type) ? nodeCatalog[type].title : type,
    summary: "",
    handles: [],
  };
}
