import { isRecord } from "../is-record";

/** Whether `doc` is a Whatomate IVR graph: `version` 2, a string `entry_node` and a `nodes` array. */
export function isWhatomateGraph(doc: unknown): boolean {
  return isRecord(doc) && doc.version === 2 && typeof doc.entry_node === "string" && Array.isArray(doc.nodes);
}
