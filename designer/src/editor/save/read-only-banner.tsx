import { useEditor, useEditorStore } from "../store/editor-context";

/** Shown while a published version is on the canvas instead of the draft. */
export function ReadOnlyBanner() {
  const store = useEditorStore();
  const readOnly = useEditor((state) => state.readOnly);
  if (!readOnly) return null;
  return (
    <div className="editor-banner editor-banner-readonly" role="status">
      <span>
        <strong>{readOnly.version === undefined ? "Viewing a published version" : `Viewing version ${readOnly.version}`} — read-only.</strong> Your draft is unchanged.
      </span>
      <span className="editor-banner-actions">
        <button type="button" className="button button-primary" onClick={() => store.getState().setReadOnly(null)}>
          Back to the draft
        </button>
      </span>
    </div>
  );
}
