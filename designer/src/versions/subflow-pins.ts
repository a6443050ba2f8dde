import { FlowDocument } from "../../../flow-schema/document";
import { subflowPins } from "../../../flow-schema/pin-subflows";

/** A subflow node of the draft and the version of the called flow publishing will pin. */
export interface PlannedPin {
  nodeId: string;
  flowId: string;
  /** The called flow's live version now; null when it has none (publishing is then refused). */
  version: number | null;
  /** What the live version of this flow pins for the same node: undefined when it had no such node. */
  previous: number | null | undefined;
}

/** What publishing `draft` will pin, given the flows' live versions, beside what the live version (`live`) pins. */
export function plannedPins(draft: unknown, flows: ReadonlyArray<{ id: string; publishedVersion: number | null }>, live: unknown): PlannedPin[] {
  const parsed = FlowDocument.safeParse(draft);
  if (!parsed.success) return [];
  const liveDocument = FlowDocument.safeParse(live);
  const before = new Map(liveDocument.success ? subflowPins(liveDocument.data).map((pin) => [`${pin.nodeId} ${pin.flowId}`, pin.version] as const) : []);
  return subflowPins(parsed.data).map((pin) => ({
    nodeId: pin.nodeId,
    flowId: pin.flowId,
    version: flows.find((flow) => flow.id === pin.flowId)?.publishedVersion ?? null,
    previous: before.get(`${pin.nodeId} ${pin.flowId}`),
  }));
}

/** One line per pin for the publish dialog. */
export function describePin(pin: PlannedPin): string {
  if (pin.version === null) return `${pin.nodeId} calls ${pin.flowId}, which is not published: publish it first`;
  const change = pin.previous === undefined ? "" : pin.previous === pin.version ? " (unchanged)" : pin.previous === null ? " (was unpinned)" : ` (was v${pin.previous})`;
  return `${pin.nodeId} calls ${pin.flowId} v${pin.version}${change}`;
}
