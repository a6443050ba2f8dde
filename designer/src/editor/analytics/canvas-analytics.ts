import type { AnalyticsPaths } from "../../../../runtime/analytics/analytics-views";

/** What the canvas shows over a flow when Analytics is on: counts per handle and edge, endings per node. */
export interface CanvasAnalytics {
  /** What the figures cover, e.g. "Last 7 days · version 3". */
  label: string;
  /** Sessions that took each output, by `nodeId\nhandle`, with their share of the node's. */
  handles: ReadonlyMap<string, { count: number; share: number | null }>;
  /** Sessions that ended at each node, and why. */
  endings: ReadonlyMap<string, { total: number; reasons: Readonly<Record<string, number>> }>;
  /** Outputs no session took in the range, by `nodeId\nhandle`. */
  neverTaken: ReadonlySet<string>;
}

export const outputKey = (nodeId: string, handle: string) => `${nodeId}\n${handle}`;

/** The canvas overlay from `GET /api/analytics/flows/:id/paths`. */
export function canvasAnalytics(paths: AnalyticsPaths, label: string): CanvasAnalytics {
  return {
    label,
    handles: new Map(paths.handles.map((row) => [outputKey(row.nodeId, row.handle), { count: row.count, share: row.share }])),
    endings: new Map(paths.endings.map((row) => [row.nodeId, { total: row.total, reasons: row.reasons }])),
    neverTaken: new Set(paths.neverTaken.map((row) => outputKey(row.nodeId, row.handle))),
  };
}

/** `42 (35%)`: a count and its share, as edges and outputs are labelled. */
export function countText(figure: { count: number; share: number | null }): string {
  return figure.share === null ? String(figure.count) : `${figure.count} (${Math.round(figure.share * 100)}%)`;
}

const REASON_TEXT: Record<string, string> = { hangup: "hung up", caller_hangup: "hung up", timeout: "timeout", guard: "guard", completed: "completed", failed: "failed" };

/** `12 ended here: hung up 8 · timeout 4`. */
export function endingText(ending: { total: number; reasons: Readonly<Record<string, number>> }): string {
  const reasons = Object.entries(ending.reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${REASON_TEXT[reason] ?? reason.replace(/_/g, " ")} ${n}`);
  return `${ending.total} ended here${reasons.length === 0 ? "" : `: ${reasons.join(" · ")}`}`;
}
