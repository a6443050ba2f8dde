import type { FlowNode, NodeType } from "../../../flow-schema/index";

/** A flow node of one type, with that type's data. */
export type NodeOf<K extends NodeType> = Extract<FlowNode, { type: K }>;
