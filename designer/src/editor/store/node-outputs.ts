import { type NodeType, nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import type { OutputHandle } from "../../../../flow-schema/nodes/node-definition";
import type { EditorNode } from "./flow-types";

const memo = new WeakMap<object, OutputHandle[] | null>();

function parseOutputs<K extends NodeType>(type: K, data: unknown): OutputHandle[] | null {
  const definition = nodeCatalog[type];
  const parsed = definition.data.safeParse(data);
  return parsed.success ? definition.outputs(parsed.data) : null;
}

/**
 * The handles a node offers, from the catalog's `outputs(data)`; undefined while its data does
 * not parse (then the handles cannot be known). Memoized per data object.
 */
export function outputsOf(node: EditorNode): OutputHandle[] | undefined {
  let outputs = memo.get(node.data);
  if (outputs === undefined) {
    outputs = parseOutputs(node.type, node.data);
    memo.set(node.data, outputs);
  }
  return outputs ?? undefined;
}

/**
 * Remembers each node's last known handles, so that a node whose data is invalid for a moment
 * (a field being typed) keeps showing its handles and edges.
 */
export class HandleMemory {
  private readonly lastGood = new Map<string, OutputHandle[]>();

  handlesOf(node: EditorNode): OutputHandle[] {
    const outputs = outputsOf(node);
    if (outputs !== undefined) {
      this.lastGood.set(node.id, outputs);
      return outputs;
    }
    return this.lastGood.get(node.id) ?? [];
  }
}
