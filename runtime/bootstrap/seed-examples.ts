import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FlowDocument } from "../../flow-schema/document";
import { hasErrors } from "../../flow-schema/validate/diagnostic";
import { validate } from "../../flow-schema/validate/validate";
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
  const documents = readExampleFlows();
  const known = documents.map((doc) => doc.id);
  const imported: string[] = [];
  for (const document of documents) {
    if (hasErrors(validate(document, { knownFlows: known }))) continue;
    const created = await store.flows.createFlow(document, author);
    if (!created.ok) continue;
    const published = await store.flows.publish(document.id, { author, note: "example flow" });
    if (published.ok) imported.push(document.id);
  }
  return imported;
}
