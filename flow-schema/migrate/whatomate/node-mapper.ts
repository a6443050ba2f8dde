import type { NodeType } from "../../nodes/catalog";
import type { ConfigReader } from "./config-reader";

/**
 * How one Whatomate node type becomes a Switchboard node. The `default` edge condition is handled
 * by the importer for every type (the `next` handle, else every handle left unconnected).
 */
export interface NodeMapper {
  /** The Switchboard node type it becomes. */
  type: NodeType;
  /** The node's `data`, before parsing; the importer parses it with the type's schema. */
  data: (config: ConfigReader) => unknown;
  /** The handle an edge with this (lower-cased, trimmed) condition follows; undefined when there is none. */
  handle: (condition: string) => string | undefined;
  /** Conditions Whatomate knows that have no Switchboard handle, with the reason reported. */
  unsupported?: ReadonlyMap<string, string>;
}

/** A handle function from a fixed condition → handle table. */
export function handleTable(table: Record<string, string>): (condition: string) => string | undefined {
  const map = new Map(Object.entries(table));
  return (condition) => map.get(condition);
}
