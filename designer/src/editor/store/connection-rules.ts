import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import type { EditorDocument } from "./flow-types";
import type { HandleMemory } from "./node-outputs";

/** The id of every node's single input handle. */
export const INPUT_HANDLE = "in";

export interface ProposedConnection {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}

/**
 * Why a connection could never be valid, or undefined when it may be made: terminal nodes have no
 * outgoing edges, the source must be one of the node's output handles and the target its input
 * handle, and a node that never waits for input cannot loop onto itself.
 */
export function connectionProblem(doc: EditorDocument, handles: HandleMemory, connection: ProposedConnection): string | undefined {
  const { source, sourceHandle, target, targetHandle } = connection;
  const from = doc.nodes.find((node) => node.id === source);
  const to = doc.nodes.find((node) => node.id === target);
  if (!from || !to) return "both ends must be nodes";
  const definition = nodeCatalog[from.type];
  if (definition.terminal) return `${definition.title} ends the flow: it has no outputs`;
  if (!sourceHandle || !handles.handlesOf(from).some((handle) => handle.id === sourceHandle)) return "start from one of the node's outputs";
  if (targetHandle !== INPUT_HANDLE) return "end on a node's input (its top edge)";
  if (from.id === to.id && !definition.waitsForInput) return `${definition.title} never waits for input: a loop onto itself would spin forever`;
  return undefined;
}
