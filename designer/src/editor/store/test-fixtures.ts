import type { FlowDocumentInput } from "../../../../flow-schema/document";
import type { EditorDocument } from "./flow-types";
import { loadDocument } from "./load-document";

/** A small flow for tests: welcome → menu (1 sales → transfer, 2 → goodbye). */
export const SMALL_FLOW: FlowDocumentInput = {
  schemaVersion: 1,
  id: "small",
  name: "Small",
  entry: "welcome",
  nodes: [
    { id: "welcome", type: "greeting", label: "Welcome", position: { x: 0, y: 0 }, data: { prompt: { text: "Hello." } } },
    {
      id: "menu",
      type: "menu",
      position: { x: 0, y: 200 },
      data: { prompt: { text: "Press 1 or 2." }, options: [{ key: "1", label: "Sales" }, { key: "2", label: "Support" }] },
    },
    { id: "sales", type: "transfer", position: { x: -200, y: 400 }, data: { teamId: "sales" } },
    { id: "goodbye", type: "hangup", position: { x: 200, y: 400 }, data: {} },
  ],
  edges: [
    { id: "welcome-next", source: "welcome", sourceHandle: "next", target: "menu" },
    { id: "menu-option-1", source: "menu", sourceHandle: "option:1", target: "sales" },
    { id: "menu-option-2", source: "menu", sourceHandle: "option:2", target: "goodbye" },
  ],
};

export function smallFlow(): EditorDocument {
  const loaded = loadDocument(SMALL_FLOW);
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  return loaded.document;
}
