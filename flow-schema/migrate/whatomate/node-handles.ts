import type { FlowNode } from "../../document";
import { type NodeType, nodeCatalog } from "../../nodes/catalog";

/** The handles a node offers, from the catalog (empty for terminal nodes). */
export function nodeHandles(node: FlowNode): string[] {
  return handlesOf(node.type, node.data);
}

function handlesOf<K extends NodeType>(type: K, data: unknown): string[] {
  const definition = nodeCatalog[type];
  const parsed = definition.data.safeParse(data);
  return parsed.success ? definition.outputs(parsed.data).map((output) => output.id) : [];
}
