import type { FlowDocumentInput } from "../../../flow-schema/document";

/** A flow id from a name: lower case, dashes, and a short random suffix so it is new. */
export function flowIdFrom(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  const suffix = Math.random().toString(36).slice(2, 6);
  return `${slug || "flow"}-${suffix}`;
}

/** A new flow: a greeting that hangs up, ready to be built on. */
export function newFlowDocument(name: string): FlowDocumentInput {
  return {
    schemaVersion: 1,
    id: flowIdFrom(name),
    name,
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", label: "Welcome", position: { x: 0, y: 0 }, data: { prompt: { text: `Welcome to ${name}.` } } },
      { id: "goodbye", type: "hangup", label: "Goodbye", position: { x: 0, y: 200 }, data: { prompt: { text: "Goodbye." } } },
    ],
    edges: [{ id: "e-welcome-next", source: "welcome", sourceHandle: "next", target: "goodbye" }],
  };
}
