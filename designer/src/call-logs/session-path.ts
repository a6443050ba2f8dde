import type { FlowDocument } from "../../../flow-schema/document";
import { versionKey } from "./flow-version-ref";
import { isHandle } from "./step-outcome";
import { visitNumbers } from "./visit-numbers";

interface StepLike {
  flowId: string;
  version: number | null;
  nodeId: string;
  outcome: string | null;
}

/** The part of a session's path that lies on one flow version. */
export interface FlowPath {
  /** Visited node id → its visit numbers across the whole session, in order. */
  visits: Map<string, number[]>;
  /** Ids of the edges taken, in the order first taken. */
  edgeIds: string[];
  /** The node the session is at or ended at, when it is on this flow version. */
  lastNodeId: string | undefined;
}

const emptyPath = (): FlowPath => ({ visits: new Map(), edgeIds: [], lastNodeId: undefined });

/**
 * The path a session took, per flow version (`versionKey`): the nodes visited with their visit
 * order, the edges taken (a step that left along a handle, joined to the next step by the edge of
 * that handle in the same document), and the last node.
 */
export function sessionPaths(steps: readonly StepLike[], documents: ReadonlyMap<string, FlowDocument>): Map<string, FlowPath> {
  const paths = new Map<string, FlowPath>();
  const pathOf = (key: string): FlowPath => {
    const existing = paths.get(key);
    if (existing) return existing;
    const created = emptyPath();
    paths.set(key, created);
    return created;
  };
  const numbers = visitNumbers(steps);
  steps.forEach((step, index) => {
    const key = versionKey(step.flowId, step.version);
    const path = pathOf(key);
    const visit = numbers[index];
    if (visit !== undefined) path.visits.set(step.nodeId, [...(path.visits.get(step.nodeId) ?? []), visit]);
    const next = steps[index + 1];
    if (next === undefined) {
      path.lastNodeId = step.nodeId;
      return;
    }
    if (!isHandle(step.outcome) || versionKey(next.flowId, next.version) !== key) return;
    const edge = documents.get(key)?.edges.find((candidate) => candidate.source === step.nodeId && candidate.sourceHandle === step.outcome);
    if (edge && edge.target === next.nodeId && !path.edgeIds.includes(edge.id)) path.edgeIds.push(edge.id);
  });
  return paths;
}
