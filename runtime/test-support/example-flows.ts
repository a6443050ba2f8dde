import { readFileSync } from "node:fs";

/** A flow document as plain JSON, the way a client would send it. */
export interface FlowJson {
  id: string;
  name: string;
  nodes: Array<{ id: string; type: string; data: Record<string, unknown> } & Record<string, unknown>>;
  edges: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

const EXAMPLES = new URL("../../examples/", import.meta.url);

/** examples/<name>.json, parsed afresh (safe to change). */
export function exampleFlow(name: string): FlowJson {
  return JSON.parse(readFileSync(new URL(`${name}.json`, EXAMPLES), "utf8")) as FlowJson;
}

/** A copy of `flow` with `patch` merged into the data of node `nodeId` (throws when there is none). */
export function withNodeData(flow: FlowJson, nodeId: string, patch: Record<string, unknown>): FlowJson {
  if (!flow.nodes.some((node) => node.id === nodeId)) throw new Error(`${flow.id} has no node ${nodeId}`);
  return { ...flow, nodes: flow.nodes.map((node) => (node.id === nodeId ? { ...node, data: { ...node.data, ...patch } } : node)) };
}

const ALL_DAY = [{ start: "00:00", end: "24:00" }];
const EVERY_DAY = Object.fromEntries(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((day) => [day, ALL_DAY]));

export interface SupportLineOptions {
  name?: string;
  menuTimeoutSeconds?: number;
  menuMaxRetries?: number;
  /** Applied to every transfer node (to_sales, to_support, to_billing). */
  transferTimeoutSeconds?: number;
}

/**
 * examples/support-line.json under another id, open 00:00–24:00 every day with no holidays, so
 * it reaches the main menu whatever the clock says; optionally with shorter waits.
 */
export function alwaysOpenSupportLine(id: string, options: SupportLineOptions = {}): FlowJson {
  let flow: FlowJson = { ...exampleFlow("support-line"), id, name: options.name ?? `Support line ${id}` };
  flow = withNodeData(flow, "hours", { schedule: EVERY_DAY, holidays: [] });
  const menu: Record<string, unknown> = {};
  if (options.menuTimeoutSeconds !== undefined) menu.timeoutSeconds = options.menuTimeoutSeconds;
  if (options.menuMaxRetries !== undefined) menu.maxRetries = options.menuMaxRetries;
  flow = withNodeData(flow, "main_menu", menu);
  if (options.transferTimeoutSeconds !== undefined) {
    for (const transfer of ["to_sales", "to_support", "to_billing"]) flow = withNodeData(flow, transfer, { timeoutSeconds: options.transferTimeoutSeconds });
  }
  return flow;
}
