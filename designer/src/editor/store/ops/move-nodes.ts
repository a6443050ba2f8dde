import type { EditorDocument, XY } from "../flow-types";

/** Moves nodes to new positions (rounded to whole pixels); unchanged positions keep their objects. */
export function moveNodes(doc: EditorDocument, positions: ReadonlyMap<string, XY>): EditorDocument {
  let changed = false;
  const nodes = doc.nodes.map((node) => {
    const next = positions.get(node.id);
    if (!next) return node;
    const x = Math.round(next.x);
    const y = Math.round(next.y);
    if (x === node.position.x && y === node.position.y) return node;
    changed = true;
    return { ...node, position: { x, y } };
  });
  return changed ? { ...doc, nodes } : doc;
}
