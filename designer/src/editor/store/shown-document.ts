import type { EditorState } from "./editor-state";
import type { EditorDocument } from "./flow-types";

/** The document on the canvas: a read-only version when one is shown, else the draft. */
export function shownDocument(state: EditorState): EditorDocument {
  return state.readOnly?.document ?? state.document;
}
