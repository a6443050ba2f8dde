import type { NodeType } from "../../nodes/catalog";
import type { KeyMenuPlan } from "./plan-key-menus";
import type { StudioState, StudioTransition } from "./source-flow";
import type { WidgetProperties } from "./widget-properties";

/** A reply plan: what a send-and-wait-for-reply becomes, decided before any widget is mapped (see planReplies). */
export type ReplyPlan = { kind: "menu"; options: Array<{ key: string; label: string; say?: string[] }> } | { kind: "gather" };

/** What a mapper is given for one widget. */
export interface WidgetInput {
  state: StudioState;
  properties: WidgetProperties;
  /** The node id it becomes. */
  nodeId: string;
  /** Set for send-and-wait-for-reply. */
  reply?: ReplyPlan;
  /** The flow is a subflow (started by incomingParent): where Studio stops, it returns. */
  calledFlow?: boolean;
  /** Set for a gather-input-on-call whose keys pick among fixed choices. */
  keyMenu?: KeyMenuPlan;
}

/** What a mapper makes of one widget. */
export interface MappedWidget {
  type: NodeType;
  /** The node's `data`, before parsing with the type's schema. */
  data: unknown;
  /** The handles the transition at `index` follows (none: it is dropped, with `reason` reported). */
  handles: (transition: StudioTransition, index: number) => string[] | { reason: string };
  /** Said in the report: the widget became something else than its name suggests (an enqueue → a team transfer). */
  mappedTo?: string;
}

/** How one Studio widget type becomes a Switchboard node. One file per widget type, under mappers/. */
export interface WidgetMapper {
  map: (input: WidgetInput) => MappedWidget;
}

/** A handle function from a fixed event → handle table; other events are dropped with a reason. */
export function eventTable(widget: string, table: Record<string, string>, reasons: Record<string, string> = {}): MappedWidget["handles"] {
  const handles = new Map(Object.entries(table));
  const why = new Map(Object.entries(reasons));
  return (transition) => {
    const handle = handles.get(transition.event);
    if (handle !== undefined) return [handle];
    return { reason: why.get(transition.event) ?? `a ${widget} has no "${transition.event}" outcome in Switchboard` };
  };
}
