import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlowDocument } from "../document";
import { NODE_TYPES, nodeCatalog } from "../nodes/catalog";
import { Diagnostic } from "./diagnostic";
import { baseFlow, rawEdge, rawNode, tinyFlow } from "./fixtures/flow-builder";
import { validate, type ValidationContext } from "./validate";

/** Runs per property; FLOW_PROPERTY_RUNS=20000 for a long bug hunt. */
const NUM_RUNS = Number(process.env.FLOW_PROPERTY_RUNS ?? 300);

/** Every flow in examples/ (others add them over time), read at test time. */
function exampleDocuments(): Array<{ name: string; doc: unknown }> {
  const folder = fileURLToPath(new URL("../../examples/", import.meta.url));
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".json") && !file.split(/[\\/]/).includes("node_modules"))
    .sort()
    .flatMap((file) => {
      try {
        const doc: unknown = JSON.parse(readFileSync(join(folder, file), "utf8"));
        return [{ name: `examples/${file}`, doc }];
      } catch {
        return []; // a file being written right now; not this test's business
      }
    });
}

/** A flow with one node of every type, made from the catalog's starters. */
function starterFlow(): unknown {
  return {
    schemaVersion: 1,
    id: "starters",
    name: "Starters",
    entry: NODE_TYPES[0],
    nodes: NODE_TYPES.map((type, i) => ({ id: type, type, position: { x: 0, y: i * 100 }, data: nodeCatalog[type].starter() })),
    edges: [rawEdge("e1", "greeting", "next", "menu"), rawEdge("e2", "menu", "option:1", "hangup")],
  };
}

const ownSeeds: Array<{ name: string; doc: unknown }> = [
  { name: "base flow", doc: baseFlow() },
  { name: "tiny flow", doc: tinyFlow() },
  { name: "starter flow", doc: starterFlow() },
];
const seeds = [...exampleDocuments(), ...ownSeeds];

/** Runs validate and checks what every caller relies on. */
function checkValidate(doc: unknown, context?: ValidationContext): Diagnostic[] {
  const diagnostics = validate(doc, context);
  expect(Array.isArray(diagnostics)).toBe(true);
  for (const d of diagnostics) {
    expect(Diagnostic.safeParse(d).success).toBe(true);
    expect(d.message.startsWith("the validator failed"), d.message).toBe(false);
  }
  const severities = diagnostics.map((d) => d.severity);
  expect(severities).toEqual([...severities].sort()); // "error" < "warning": errors first
  return diagnostics;
}

/** The validator reports a schema problem exactly when the zod schema refuses the document. */
function checkAgreesWithSchema(doc: unknown, diagnostics: readonly Diagnostic[]): void {
  const schemaProblem = diagnostics.some((d) => d.code === "schema_invalid" || d.code === "unsupported_schema_version");
  expect(schemaProblem).toBe(!FlowDocument.safeParse(doc).success);
}

// ---------------------------------------------------------------------------------------------
// Mutations

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

type Slot = { parent: Record<string, unknown>; key: string } | { parent: unknown[]; key: number };

/** Every place in the document a value sits, depth first. */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (value: unknown): void => {
    if (isArray(value)) {
      value.forEach((item, key) => {
        out.push({ parent: value, key });
        walk(item);
      });
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        out.push({ parent: value, key });
        walk(item);
      }
    }
  };
  walk(root);
  return out;
}

function readSlot(slot: Slot): unknown {
  return isArray(slot.parent) ? slot.parent[Number(slot.key)] : slot.parent[String(slot.key)];
}

function writeSlot(slot: Slot, value: unknown): void {
  if (isArray(slot.parent)) slot.parent[Number(slot.key)] = value;
  else slot.parent[String(slot.key)] = value;
}

function deleteSlot(slot: Slot): void {
  if (isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
  else Reflect.deleteProperty(slot.parent, String(slot.key));
}

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** Values that tend to sit at the edge of what a schema accepts. */
const nasty: unknown[] = [
  null,
  "",
  " ",
  0,
  -1,
  1.5,
  1e9,
  true,
  [],
  {},
  "__proto__",
  "constructor",
  "{{",
  "{{vars.x",
  "{{ nope nope }}",
  "{{nodes.__proto__.x}}",
  "(",
  "[",
  "24:00",
  "25:00",
  "2026-02-30",
  "Mars/Olympus",
  "x".repeat(10_001),
  "match:",
  "option:#",
  "next",
];

const HANDLES = ["next", "timeout", "max_retries", "success", "failure", "in_hours", "out_of_hours", "no_match", "no_answer", "completed", "option:1", "match:vip"];

const OPS = [
  "delete",
  "replace_json",
  "replace_nasty",
  "duplicate_node",
  "duplicate_edge",
  "retarget_edge",
  "resource_edge",
  "rehandle_edge",
  "change_type",
  "truncate_array",
  "add_key",
  "swap_data",
  "add_node",
  "set_entry",
] as const;
type Op = (typeof OPS)[number];

interface Mutation {
  op: Op;
  a: number;
  b: number;
  value: unknown;
}

function nodesOf(doc: unknown): unknown[] {
  return isRecord(doc) && isArray(doc.nodes) ? doc.nodes : [];
}

function edgesOf(doc: unknown): unknown[] {
  return isRecord(doc) && isArray(doc.edges) ? doc.edges : [];
}

function idsOf(items: unknown[]): unknown[] {
  return items.map((item) => (isRecord(item) ? item.id : undefined));
}

function mutate(doc: unknown, { op, a, b, value }: Mutation): void {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const nodeIds = [...idsOf(nodes), "ghost", ""];
  switch (op) {
    case "delete": {
      const slot = pick(slots(doc), a);
      if (slot) deleteSlot(slot);
      return;
    }
    case "replace_json": {
      const slot = pick(slots(doc), a);
      if (slot) writeSlot(slot, structuredClone(value));
      return;
    }
    case "replace_nasty": {
      const slot = pick(slots(doc), a);
      if (slot) writeSlot(slot, structuredClone(pick(nasty, b)));
      return;
    }
    case "duplicate_node": {
      const node = pick(nodes, a);
      if (node !== undefined) nodes.push(structuredClone(node));
      return;
    }
    case "duplicate_edge": {
      const edge = pick(edges, a);
      if (edge !== undefined) edges.push(structuredClone(edge));
      return;
    }
    case "retarget_edge": {
      const edge = pick(edges, a);
      if (isRecord(edge)) edge.target = pick(nodeIds, b);
      return;
    }
    case "resource_edge": {
      const edge = pick(edges, a);
      if (isRecord(edge)) edge.source = pick(nodeIds, b);
      return;
    }
    case "rehandle_edge": {
      const edge = pick(edges, a);
      if (isRecord(edge)) edge.sourceHandle = pick(HANDLES, b);
      return;
    }
    case "change_type": {
      const node = pick(nodes, a);
      if (isRecord(node)) node.type = pick([...NODE_TYPES, "voicemail"], b);
      return;
    }
    case "truncate_array": {
      const arrays = slots(doc).map(readSlot).filter(isArray);
      const array = pick(arrays, a);
      if (array) array.length = b % (array.length + 1);
      return;
    }
    case "add_key": {
      const records = [doc, ...slots(doc).map(readSlot)].filter(isRecord);
      const record = pick(records, a);
      // defineProperty, as JSON.parse does: `record.__proto__ = value` would change the prototype instead.
      const key = String(pick(["extra", "__proto__", "constructor", "toString", "data", "id", "type"], b));
      if (record) Object.defineProperty(record, key, { value: structuredClone(value), writable: true, enumerable: true, configurable: true });
      return;
    }
    case "swap_data": {
      const from = pick(nodes, a);
      const to = pick(nodes, b);
      if (isRecord(from) && isRecord(to)) to.data = structuredClone(from.data);
      return;
    }
    case "add_node": {
      const type = pick(NODE_TYPES, a) ?? "hangup";
      nodes.push(rawNode(`n${nodes.length}`, type, { ...(isRecord(value) ? value : {}) }));
      edges.push(rawEdge(`added${edges.length}`, String(pick(nodeIds, b)), String(pick(HANDLES, b)), `n${nodes.length - 1}`));
      return;
    }
    case "set_entry": {
      if (isRecord(doc)) doc.entry = pick(nodeIds, a);
      return;
    }
  }
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom(...OPS),
  a: fc.nat(),
  b: fc.nat(),
  value: fc.jsonValue({ maxDepth: 3 }),
});

const contextArb: fc.Arbitrary<ValidationContext> = fc.record(
  {
    knownFlows: fc.array(fc.constantFrom("billing", "main", "sales-line")),
    knownTeams: fc.array(fc.constantFrom("sales", "support")),
    channels: fc.subarray(["voice", "chat"] as const),
    variables: fc.array(fc.constantFrom("tier", "x", "account_number")),
    maxNodes: fc.integer({ min: 0, max: 20 }),
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------------------------------------

describe("validate() on anything", () => {
  it("never throws on arbitrary JSON, and agrees with the schema", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        checkAgreesWithSchema(value, checkValidate(value));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("never throws on arbitrary JavaScript values", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true }), (value) => {
        checkValidate(value);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("never throws on version-1 documents with arbitrary nodes and edges", () => {
    const node = fc.record(
      {
        id: fc.oneof(fc.constantFrom("a", "b", "c"), fc.string()),
        type: fc.oneof(fc.constantFrom(...NODE_TYPES), fc.string()),
        position: fc.oneof(fc.constant({ x: 0, y: 0 }), fc.jsonValue()),
        data: fc.jsonValue({ maxDepth: 4 }),
        label: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ["id", "type", "position", "data"] },
    );
    const edge = fc.record({
      id: fc.oneof(fc.constantFrom("e1", "e2"), fc.jsonValue({ maxDepth: 0 })),
      source: fc.oneof(fc.constantFrom("a", "b", "c"), fc.jsonValue({ maxDepth: 0 })),
      sourceHandle: fc.oneof(fc.constantFrom(...HANDLES), fc.string()),
      target: fc.oneof(fc.constantFrom("a", "b", "c"), fc.jsonValue({ maxDepth: 0 })),
    });
    const doc = fc.record(
      {
        schemaVersion: fc.constant(1),
        id: fc.constantFrom("f", "bad id"),
        name: fc.string(),
        entry: fc.constantFrom("a", "b", "ghost"),
        nodes: fc.array(node, { maxLength: 6 }),
        edges: fc.array(edge, { maxLength: 8 }),
        variables: fc.jsonValue({ maxDepth: 1 }),
        settings: fc.oneof(fc.constant({ channels: ["chat"] }), fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: ["schemaVersion", "id", "name", "entry", "nodes", "edges"] },
    );
    fc.assert(
      fc.property(doc, contextArb, (value, context) => {
        checkAgreesWithSchema(value, checkValidate(value, context));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("validate() on mutated flows", () => {
  it("starts from seeds that are valid documents", () => {
    for (const { name, doc } of ownSeeds) {
      expect(FlowDocument.safeParse(doc).success, name).toBe(true);
      // A placeholder (an import's unconverted widget; the starter flow has one) is always an error, by design.
      expect(checkValidate(doc).filter((d) => d.severity === "error" && d.code !== "placeholder_node"), name).toEqual([]);
    }
  });

  it.each(seeds)("never throws on random mutations of $name", ({ doc }) => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 6 }), fc.option(contextArb, { nil: undefined }), (mutations, context) => {
        const copy = structuredClone(doc);
        for (const mutation of mutations) mutate(copy, mutation);
        const diagnostics = checkValidate(copy, context);
        checkAgreesWithSchema(copy, diagnostics);
      }),
      // The examples folder grows: share a fixed budget between the seeds so the suite stays fast.
      { numRuns: Math.max(50, Math.ceil((NUM_RUNS * 8) / seeds.length)) },
    );
  });
});
