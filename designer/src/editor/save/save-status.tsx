import { toastError } from "../../ui/toasts";
import type { SaveState } from "../store/editor-state";
import { useEditor } from "../store/editor-context";
import { useAutosave } from "./autosave-context";

/** Where the draft stands: Saved, Saving…, Unsaved changes, Save failed (with a retry), Not saved (conflict). */
export function SaveStatus() {
  const save = useEditor((state) => state.save);
  const readOnly = useEditor((state) => state.readOnly !== null);
  const autosave = useAutosave();
  return <SaveStatusView save={save} readOnly={readOnly} onRetry={() => autosave.flush().catch(toastError)} />;
}

/** The status itself; a reason (why the draft cannot be saved yet, why the server refused it) is shown after it. */
export function SaveStatusView({ save, readOnly, onRetry }: { save: SaveState; readOnly: boolean; onRetry: () => void }) {
  if (readOnly) return <span className="save-status save-status-readonly">Read-only</span>;
  const detail = save.message ? <span className="save-status-detail"> · {save.message}</span> : null;
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
          Unsaved changes{detail}
        </span>
      );
    case "failed":
      return (
        <span className="save-status save-status-failed" role="status" title={save.message}>
          Save failed{detail}
          <button type="button" className="button button-small button-quiet" onClick={onRetry}>
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
