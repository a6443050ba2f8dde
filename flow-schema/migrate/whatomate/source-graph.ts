import { z } from "zod";
import { toPointer } from "../../json-pointer";
import { isRecord } from "../is-record";
import { MigrationError } from "../migration-error";

/** Go marshals nil maps and slices as null: treat null like absent. */
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

export const WhatomateNode = z.object({
  id: z.string(),
  type: z.string(),
  label: nullable(z.string()),
  position: nullable(z.object({ x: z.number(), y: z.number() })),
  config: nullable(z.record(z.string(), z.unknown())),
});
export type WhatomateNode = z.infer<typeof WhatomateNode>;

export const WhatomateEdge = z.object({
  from: z.string(),
  to: z.string(),
  condition: nullable(z.string()),
});
export type WhatomateEdge = z.infer<typeof WhatomateEdge>;

export const WhatomateGraph = z.object({
  version: z.literal(2),
  entry_node: z.string(),
  nodes: z.array(WhatomateNode).min(1, "a Whatomate graph needs at least one node"),
  edges: nullable(z.array(WhatomateEdge)).transform((edges) => edges ?? []),
});
export type WhatomateGraph = z.infer<typeof WhatomateGraph>;

/**
 * Reads the structure of a Whatomate IVR graph (not the node configs, which are mapped leniently).
 * Throws a MigrationError naming the first field that is wrong.
 */
export function readWhatomateGraph(input: unknown): WhatomateGraph {
  if (!isRecord(input)) throw new MigrationError("a Whatomate IVR graph must be a JSON object", "");
  if (input.version !== 2) {
    const hint =
      input.schemaVersion !== undefined ? "; this looks like a Switchboard document (schemaVersion), which needs no import" : "";
    throw new MigrationError(`version: expected 2 for a Whatomate IVR graph, got ${JSON.stringify(input.version) ?? "nothing"}${hint}`, "/version");
  }
  const parsed = WhatomateGraph.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const pointer = toPointer(issue?.path ?? []);
  throw new MigrationError(`${pointer.slice(1) || "graph"}: ${issue?.message ?? "not a Whatomate IVR graph"}`, pointer);
}
