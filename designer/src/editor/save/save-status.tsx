import { toastError } from "../../ui/toasts";
import { useEditor } from "../store/editor-context";
import { useAutosave } from "./autosave-context";

/** Where the draft stands: Saved, Saving…, Unsaved changes, Save failed (with a retry), Not saved (conflict). */
export function SaveStatus() {
  const save = useEditor((state) => state.save);
  const readOnly = useEditor((state) => state.readOnly !== null);
  const autosave = useAutosave();
  if (readOnly) return <span className="save-status save-status-readonly">Read-only</span>;
  switch (save.status) {
    case "saved":
      return (
        <span className="save-status save-status-saved" role="status">
          ✓ Saved
        </span>
      );
    case "saving":
      return (
        <span className="save-status save-status-saving" role="status">
          Saving…
        </span>
      );
    case "dirty":
      return (
        <span className="save-status save-status-dirty" role="status" title={save.message}>
          Unsaved changes{save.message ? <span className="save-status-detail"> · {save.message}</span> : null}
        </span>
      );
    case "failed":
      return (
        <span className="save-status save-status-failed" role="status" title={save.message}>
          Save failed
          <button type="button" className="button button-small button-quiet" onClick={() => autosave.flush().catch(toastError)}>
            Retry
          </button>
        </span>
      );
    case "conflict":
      return (
        <span className="save-status save-status-failed" role="status">
          Not saved: conflict
        </span>
      );
  }
}
