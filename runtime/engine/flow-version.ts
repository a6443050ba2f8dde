import type { FlowDocument } from "../../flow-schema/index";

/** One version of a flow as the engine runs it: a parsed schemaVersion-1 document. */
export interface FlowVersionRef {
  flowId: string;
  /** A published version number, or "draft" for the designer's simulator. */
  version: number | "draft";
  document: FlowDocument;
}
