import { loadExamples } from "../../../examples/load-examples";
import { FlowDocument } from "../../../flow-schema/index";

/** The placeholder API host of the example flows' HTTP nodes. */
const EXAMPLE_API = "https://api.acme.example";

/**
 * The example flows in examples/*.json as documents, by id. With `apiBase`, their HTTP nodes call
 * it instead of the placeholder host (a local test server).
 */
export function exampleDocuments(apiBase?: string): Map<string, FlowDocument> {
  const documents = new Map<string, FlowDocument>();
  for (const example of loadExamples()) {
    const text = apiBase === undefined ? example.text : example.text.replaceAll(EXAMPLE_API, apiBase);
    const document = FlowDocument.parse(JSON.parse(text));
    documents.set(document.id, document);
  }
  return documents;
}

export function exampleDocument(id: string, apiBase?: string): FlowDocument {
  const document = exampleDocuments(apiBase).get(id);
  if (document === undefined) throw new Error(`examples/${id}.json is missing`);
  return document;
}
