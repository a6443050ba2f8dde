import { CURRENT_SCHEMA_VERSION, FlowDocument } from "../../document";
import { FlowId } from "../../primitives";
import type { ImportIssue } from "../import-issue";
import { IssueLog } from "../issue-log";
import { MigrationError } from "../migration-error";
import { mapEdges } from "./map-edges";
import { mapNodes } from "./map-nodes";
import { readWhatomateGraph } from "./source-graph";

export interface ImportOptions {
  /** Id of the produced flow (default `imported-whatomate`). */
  id?: string;
  /** Name of the produced flow (default `Imported Whatomate flow`). */
  name?: string;
}

export interface ImportResult {
  /** A schemaVersion 1 document, already parsed by FlowDocument (defaults filled in). */
  document: FlowDocument;
  /** What could not be carried over exactly; `path` points into the source graph. */
  issues: ImportIssue[];
}

export const DEFAULT_IMPORT_ID = "imported-whatomate";
export const DEFAULT_IMPORT_NAME = "Imported Whatomate flow";

/**
 * Converts a Whatomate IVR graph (`version` 2) into a Switchboard flow document, reporting what
 * could not be mapped. Throws a MigrationError when `graph` is not a Whatomate graph at all.
 *
 * Decisions: unknown node types become hang-up nodes labelled "Unsupported: <type>" (nodes whose
 * config cannot be converted: "Could not import: <type>"), so the document stays valid and the gap
 * is visible on the canvas; their outgoing edges are dropped and reported;
 * prompts with neither audio nor text get the node label as text; the flow is marked voice-only.
 */
export function importWhatomate(graph: unknown, options: ImportOptions = {}): ImportResult {
  const { id, name } = readOptions(options);
  const source = readWhatomateGraph(graph);
  const log = new IssueLog();
  const nodes = mapNodes(source, log);
  const edges = mapEdges(source.edges, nodes, log);
  let entry = nodes.bySourceId.get(source.entry_node);
  if (entry === undefined) {
    entry = nodes.nodes[0];
    log.error(`entry_node "${source.entry_node}" names no node; the flow starts at "${entry?.node.id ?? ""}" instead`, { path: "/entry_node" });
  }
  const document = FlowDocument.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id,
    name,
    description: "Imported from a Whatomate IVR graph",
    entry: entry?.node.id,
    nodes: nodes.nodes.map((mapped) => mapped.node),
    edges,
    settings: { channels: ["voice"] },
  });
  return { document, issues: log.issues };
}

function readOptions(options: ImportOptions): { id: string; name: string } {
  const id = options.id ?? DEFAULT_IMPORT_ID;
  if (!FlowId.safeParse(id).success) {
    throw new MigrationError(`options.id "${id}" is not a valid flow id (1-100 letters, digits, '_', '.' or '-', starting with a letter or digit)`);
  }
  const name = (options.name ?? DEFAULT_IMPORT_NAME).trim();
  if (name === "" || name.length > 200) throw new MigrationError("options.name must be 1-200 characters");
  return { id, name };
}
