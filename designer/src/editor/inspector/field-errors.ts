import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import type { Diagnostic } from "../../../../flow-schema/validate/diagnostic";
import type { EditorNode } from "../store/flow-types";

type Path = ReadonlyArray<string | number>;

const keyOf = (path: Path) => path.map(String).join("/");

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Problems in a node's data, by field path: what the inspector shows next to each field. */
export class FieldErrors {
  private readonly byPath: ReadonlyMap<string, readonly string[]>;

  constructor(entries: ReadonlyArray<readonly [Path, string]>) {
    const map = new Map<string, string[]>();
    for (const [path, message] of entries) {
      const key = keyOf(path);
      const list = map.get(key) ?? [];
      if (!list.includes(message)) list.push(message);
      map.set(key, list);
    }
    this.byPath = map;
  }

  /** Problems of exactly this field. */
  at(...path: Path): readonly string[] {
    return this.byPath.get(keyOf(path)) ?? [];
  }

  /** Problems of this field and everything inside it. */
  within(...path: Path): readonly string[] {
    const key = keyOf(path);
    return [...this.byPath.entries()].filter(([candidate]) => candidate === key || candidate.startsWith(`${key}/`)).flatMap(([, messages]) => messages);
  }

  get count(): number {
    let total = 0;
    for (const messages of this.byPath.values()) total += messages.length;
    return total;
  }
}

/**
 * A node's data parsed with its catalog schema (each zod issue at its path), plus what the
 * validator found in the data beyond the schema (an unknown time zone or team).
 */
export function fieldErrors(node: EditorNode, diagnostics: readonly Diagnostic[]): FieldErrors {
  const entries: Array<readonly [Path, string]> = [];
  const parsed = nodeCatalog[node.type].data.safeParse(node.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) entries.push([issue.path.filter((segment) => typeof segment !== "symbol"), issue.message]);
  }
  for (const diagnostic of diagnostics) {
    if (diagnostic.nodeId !== node.id || diagnostic.code === "schema_invalid" || diagnostic.path === undefined) continue;
    const match = /^\/nodes\/\d+\/data(\/.*)?$/.exec(diagnostic.path);
    if (!match) continue;
    const rest = match[1] ?? "";
    const path = rest === "" ? [] : rest.slice(1).split("/").map(unescapePointer);
    entries.push([path, diagnostic.message]);
  }
  return new FieldErrors(entries);
}
