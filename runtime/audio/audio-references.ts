import type { FlowDocument } from "../../flow-schema/document";

/**
 * The audio asset ids a flow document uses: every prompt's `audio` (greeting, menu, gather and
 * hangup prompts, retry prompts) and every transfer's `holdAudio`, wherever they sit in node data.
 */
export function audioReferences(document: FlowDocument): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if ((key === "audio" || key === "holdAudio") && typeof inner === "string") found.add(inner);
      else visit(inner);
    }
  };
  for (const node of document.nodes) visit(node.data);
  return found;
}
