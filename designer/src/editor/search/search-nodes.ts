import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import type { EditorDocument, EditorNode } from "../store/flow-types";
import { outputsOf } from "../store/node-outputs";

export interface NodeMatch {
  node: EditorNode;
  /** What matched, to show under the node's name. */
  detail: string;
  score: number;
}

/** Texts a node can be found by: its prompts, then its summary. */
function nodeTexts(node: EditorNode): string[] {
  const texts: string[] = [];
  const data: unknown = node.data;
  const visit = (value: unknown, key: string) => {
    if (typeof value === "string") {
      if (key === "text" || key === "label" || key === "waitingMessage") texts.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (typeof value === "object" && value !== null) {
      for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
    }
  };
  visit(data, "");
  const outputs = outputsOf(node);
  if (outputs) texts.push(...outputs.map((output) => output.label));
  return texts;
}

/** Nodes matching `query` by id, label or prompt text (case-insensitive), best first. An empty query lists every node. */
export function searchNodes(doc: EditorDocument, query: string, limit = 30): NodeMatch[] {
  const needle = query.trim().toLowerCase();
  const matches: NodeMatch[] = [];
  for (const node of doc.nodes) {
    const title = nodeCatalog[node.type].title;
    if (needle === "") {
      matches.push({ node, detail: title, score: 0 });
      continue;
    }
    const id = node.id.toLowerCase();
    const label = (node.label ?? "").toLowerCase();
    let score = 0;
    let detail = title;
    if (id === needle || label === needle) score = 100;
    else if (id.startsWith(needle) || label.startsWith(needle)) score = 80;
    else if (id.includes(needle) || label.includes(needle)) score = 60;
    else {
      const text = nodeTexts(node).find((candidate) => candidate.toLowerCase().includes(needle));
      if (text !== undefined) {
        score = 40;
        detail = text.length > 80 ? `${text.slice(0, 79)}…` : text;
      } else if (title.toLowerCase().includes(needle)) {
        score = 20;
      }
    }
    if (score > 0) matches.push({ node, detail, score });
  }
  return matches.sort((a, b) => b.score - a.score).slice(0, limit);
}
