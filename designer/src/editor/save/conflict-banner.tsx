import { useState } from "react";
import { toast, toastError } from "../../ui/toasts";
import { useEditor } from "../store/editor-context";
import { useAutosave } from "./autosave-context";

/** Shown when another tab saved first: reload theirs, or overwrite with mine. Nothing is lost until one is chosen. */
export function ConflictBanner() {
  const save = useEditor((state) => state.save);
  const autosave = useAutosave();
  const [busy, setBusy] = useState(false);
  if (save.status !== "conflict") return null;
  const run = (action: () => Promise<void>, done: string) => () => {
    setBusy(true);
    action()
      .then(() => toast.success(done), toastError)
      .finally(() => setBusy(false));
  };
  return (
    <div className="editor-banner editor-banner-conflict" role="alert">
      <span>
        <strong>Someone else saved this flow</strong> (another tab or person, revision {save.currentRevision ?? "?"}) while you were editing. Your changes are kept here but
        not saved.
      </span>
      <span className="editor-banner-actions">
        <button type="button" className="button" disabled={busy} onClick={run(() => autosave.reload(), "Loaded the saved version; Ctrl+Z brings yours back")}>
          Reload
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={run(() => autosave.overwrite(), "Saved your version over theirs")}>
          Overwrite
        </button>
      </span>
    </div>
  );
}
