import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { flowJsonSchema, flowJsonSchemaText } from "./json-schema";

const here = fileURLToPath(new URL(".", import.meta.url));
const examplesDir = fileURLToPath(new URL("../examples/", import.meta.url));

function exampleDocuments(): Array<[string, unknown]> {
  return readdirSync(examplesDir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => [name, JSON.parse(readFileSync(`${examplesDir}${name}`, "utf8"))]);
}

describe("flow.schema.json", () => {
  it("is the JSON Schema generated from the zod schemas (run `npm run schema:json` when this fails)", () => {
    expect(readFileSync(`${here}flow.schema.json`, "utf8")).toBe(flowJsonSchemaText());
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const check = ajv.compile(flowJsonSchema());

  it("accepts every example flow with a standard JSON Schema validator", () => {
    const examples = exampleDocuments();
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, doc] of examples) {
      expect(check(doc), `${name}: ${ajv.errorsText(check.errors)}`).toBe(true);
    }
  });

  it("lets integrators leave out fields that have defaults", () => {
    const doc = {
      schemaVersion: 1,
      id: "minimal",
      name: "Minimal",
      entry: "m",
      nodes: [
        {
          id: "m",
          type: "menu",
          position: { x: 0, y: 0 },
          data: { prompt: { text: "Press 1" }, options: [{ key: "1", label: "One" }] },
        },
      ],
      edges: [],
    };
    expect(check(doc), ajv.errorsText(check.errors)).toBe(true);
  });

  it("rejects unknown fields, unknown node types and bad values", () => {
    const base = { schemaVersion: 1, id: "x", name: "X", entry: "a", edges: [] };
    const node = (data: unknown, type = "greeting") => ({ ...base, nodes: [{ id: "a", type, position: { x: 0, y: 0 }, data }] });
    expect(check({ ...node({ prompt: { text: "hi" } }), extra: true })).toBe(false);
    expect(check(node({ prompt: { text: "hi" } }, "teleport"))).toBe(false);
    expect(check(node({ prompt: { text: "hi" }, interruptible: "yes" }))).toBe(false);
    expect(check(node({ timezone: "UTC", schedule: { monday: [{ start: "9am", end: "17:00" }] } }, "timing"))).toBe(false);
    expect(check({ ...node({ prompt: { text: "hi" } }), schemaVersion: 2 })).toBe(false);
  });
});
