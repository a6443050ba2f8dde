import { z } from "zod";
import { FlowDocument } from "./document";

export const JSON_SCHEMA_ID = "urn:switchboard:schema:flow:1";

/**
 * The JSON Schema of a flow document as integrators write it (defaults may be left out),
 * generated from the zod schemas. Refinements that JSON Schema cannot express
 * (unique menu keys, min ≤ max) are checked by `validate()` and the CLI.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(FlowDocument, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
  return { ...schema, $id: JSON_SCHEMA_ID, title: "Switchboard flow document (schemaVersion 1)" };
}

/** The committed file's exact text. */
export function flowJsonSchemaText(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}
