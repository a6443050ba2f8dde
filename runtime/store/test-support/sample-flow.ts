import { FlowDocument } from "../../../flow-schema/document";

/** A small valid flow document: a greeting, then hang up. */
export function sampleFlow(id: string, greeting = "Welcome to Acme."): FlowDocument {
  return FlowDocument.parse({
    schemaVersion: 1,
    id,
    name: `Flow ${id}`,
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", position: { x: 0, y: 0 }, data: { prompt: { text: greeting } } },
      { id: "bye", type: "hangup", position: { x: 0, y: 160 }, data: {} },
    ],
    edges: [{ id: "e1", source: "welcome", sourceHandle: "next", target: "bye" }],
  });
}
