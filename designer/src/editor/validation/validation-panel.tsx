import type { Diagnostic } from "../../../../flow-schema/validate/diagnostic";
import { DiagnosticList } from "../../ui/diagnostic-list";
import { useEditor, useEditorStore } from "../store/editor-context";
import { shownDocument } from "../store/shown-document";

/** The validator's diagnostics, live; choosing one selects and centres its node (and edge). */
export function ValidationPanel() {
  const store = useEditorStore();
  const diagnostics = useEditor((state) => state.diagnostics);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;

  const select = (diagnostic: Diagnostic) => {
    const doc = shownDocument(store.getState());
    const edge = diagnostic.edgeId === undefined ? undefined : doc.edges.find((candidate) => candidate.id === diagnostic.edgeId);
    const nodeId = diagnostic.nodeId ?? edge?.source;
    if (nodeId === undefined) return;
    store.getState().focusOn({
      nodeId,
      ...(edge ? { edgeId: edge.id } : {}),
      ...(diagnostic.handle === undefined ? {} : { handle: diagnostic.handle }),
    });
  };

  return (
    <aside className="validation-panel" aria-label="Validation">
      <p className="validation-summary" role="status">
        {diagnostics.length === 0 ? (
          <span className="validation-ok">✓ No problems found</span>
        ) : (
          <>
            <span className={errors > 0 ? "text-error" : "muted"}>
              {errors} error{errors === 1 ? "" : "s"}
            </span>
            {" · "}
            <span className={warnings > 0 ? "text-warning" : "muted"}>
              {warnings} warning{warnings === 1 ? "" : "s"}
            </span>
          </>
        )}
      </p>
      {diagnostics.length > 0 && <DiagnosticList diagnostics={diagnostics} onSelect={select} />}
    </aside>
  );
}
