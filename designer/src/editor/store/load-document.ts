import { FlowDocument } from "../../../../flow-schema/document";
import type { EditorDocument } from "./flow-types";

export type LoadResult = { ok: true; document: EditorDocument } | { ok: false; problems: string[] };

/** A draft from the server as the editor holds it; parsing a stored draft changes nothing in it. */
export function loadDocument(raw: unknown): LoadResult {
  const parsed = FlowDocument.safeParse(raw);
  if (parsed.success) return { ok: true, document: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".") || "document"}: ${issue.message}`) };
}
