/** The drag data type a palette item carries (its value: the node type). */
export const PALETTE_DRAG_TYPE = "application/x-switchboard-node";
