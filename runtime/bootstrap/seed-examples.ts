import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FlowDocument } from "../../flow-schema/document";
import { hasErrors } from "../../flow-schema/validate/diagnostic";
import { validate } from "../../flow-schema/validate/validate";
import { publishFlow } from "../flows/publish-flow";
import type { Store } from "../store/open-store";

export const EXAMPLES_DIR = fileURLToPath(new URL("../../examples/", import.meta.url));

/** Reads every examples/*.json flow document. */
export function readExampleFlows(dir = EXAMPLES_DIR): FlowDocument[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => FlowDocument.parse(JSON.parse(readFileSync(`${dir}${name}`, "utf8"))));
}

/**
 * First start of an empty database: every example becomes a flow with its first version
 * published, so the product runs real flows out of the box. Returns the ids imported.
 */
export async function seedExamples(store: Store, author = "switchboard"): Promise<string[]> {
  if ((await store.flows.listFlows()).length > 0) return [];
  const documents = calledFirst(readExampleFlows());
  const byId = new Map(documents.map((doc) => [doc.id, doc]));
  const known = documents.map((doc) => doc.id);
  const imported: string[] = [];
  for (const document of documents) {
    if (hasErrors(validate(document, { knownFlows: known, subflows: (flowId) => byId.get(flowId) }))) continue;
    const created = await store.flows.createFlow(document, author);
    if (!created.ok) continue;
    const published = await publishFlow(store.flows, document.id, { author, note: "example flow" });
    if (published.ok) imported.push(document.id);
  }
  return imported;
}

/** The documents ordered so that a flow comes after the flows its subflow nodes call (publishing pins their versions). */
function calledFirst(documents: FlowDocument[]): FlowDocument[] {
  const byId = new Map(documents.map((doc) => [doc.id, doc]));
  const ordered: FlowDocument[] = [];
  const placed = new Set<string>();
  const place = (doc: FlowDocument, path: ReadonlySet<string>): void => {
    if (placed.has(doc.id) || path.has(doc.id)) return;
    for (const node of doc.nodes) {
      const called = node.type === "subflow" ? byId.get(node.data.flowId) : undefined;
      if (called !== undefined) place(called, new Set([...path, doc.id]));
    }
    placed.add(doc.id);
    ordered.push(doc);
  };
  for (const doc of documents) place(doc, new Set());
  return ordered;
}
