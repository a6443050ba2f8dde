import type { FlowEdge, FlowNode } from "../../document";
import type { ImportIssue } from "../import-issue";
import { importWhatomate } from "./import-whatomate";

/** Test support: builds Whatomate graphs and imports single nodes. */

export interface SourceNode {
  id: string;
  type: string;
  label?: string;
  config?: Record<string, unknown>;
}

export type SourceEdge = [from: string, to: string, condition?: string];

export function whatomateGraph(nodes: SourceNode[], edges: SourceEdge[] = [], entry?: string): Record<string, unknown> {
  return {
    version: 2,
    entry_node: entry ?? nodes[0]?.id ?? "",
    nodes: nodes.map((node, index) => ({ position: { x: 0, y: index * 100 }, config: {}, ...node })),
    edges: edges.map(([from, to, condition]) => (condition === undefined ? { from, to } : { from, to, condition })),
  };
}

export interface ImportedNode {
  node: FlowNode;
  /** Edges leaving the node, as handle → target. */
  handles: Record<string, string>;
  edges: FlowEdge[];
  issues: ImportIssue[];
}

/** The id of the hang-up `importOne` wires a condition to: `digit:1` → `to-digit-1`. */
export function targetOf(condition: string): string {
  return `to-${condition.replace(/[^A-Za-z0-9_]/g, "-")}`;
}

/** Imports one node of `type` with `config`, with one edge per condition to its own hang-up (see targetOf). */
export function importOne(type: string, config: Record<string, unknown>, conditions: string[] = []): ImportedNode {
  const targets = [...new Set(conditions)].map((condition) => ({ id: targetOf(condition), type: "hangup" }));
  const graph = whatomateGraph(
    [{ id: "subject", type, label: "Subject", config }, ...targets],
    conditions.map((condition): SourceEdge => ["subject", targetOf(condition), condition]),
  );
  const { document, issues } = importWhatomate(graph);
  const node = document.nodes.find((candidate) => candidate.id === "subject");
  if (node === undefined) throw new Error("the subject node is missing");
  const edges = document.edges.filter((edge) => edge.source === "subject");
  return { node, handles: Object.fromEntries(edges.map((edge) => [edge.sourceHandle, edge.target])), edges, issues };
}

/** The messages of the issues (of one severity), for compact assertions. */
export function messages(issues: readonly ImportIssue[], severity?: ImportIssue["severity"]): string[] {
  return issues.filter((issue) => severity === undefined || issue.severity === severity).map((issue) => issue.message);
}
