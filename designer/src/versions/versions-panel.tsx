import { useCallback, useEffect, useState } from "react";
import { Dialog } from "../ui/dialog";
import { relativeTime } from "../ui/relative-time";
import { toast, toastError } from "../ui/toasts";
import { type FlowVersionInfo, versionsApi } from "./versions-api";
import "./versions.css";

export interface VersionsPanelProps {
  flowId: string;
  /** Show this version read-only on the canvas. */
  onView: (version: { number: number; document: Record<string, unknown> }) => void;
  /** A rollback published an old version again (the draft changed too: reload it). */
  onRolledBack: () => void;
  /** Change it to reload the list (after a publish, say). */
  refreshKey?: unknown;
}

/** Every published version, newest first: view one read-only, or roll back to it. */
export function VersionsPanel({ flowId, onView, onRolledBack, refreshKey }: VersionsPanelProps) {
  const [versions, setVersions] = useState<FlowVersionInfo[] | undefined>();
  const [confirming, setConfirming] = useState<FlowVersionInfo | undefined>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    versionsApi.list(flowId).then(setVersions, toastError);
  }, [flowId]);
  useEffect(reload, [reload, refreshKey]);

  const view = async (version: FlowVersionInfo) => {
    try {
      const detail = await versionsApi.get(flowId, version.number);
      onView({ number: detail.number, document: detail.document });
    } catch (error) {
      toastError(error);
    }
  };

  const rollback = async () => {
    if (!confirming) return;
    setBusy(true);
    try {
      const result = await versionsApi.rollback(flowId, confirming.number);
      toast.success(`Rolled back: version ${confirming.number} is live again as version ${result.version.number}`);
      setConfirming(undefined);
      reload();
      onRolledBack();
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="versions-panel" aria-label="Versions">
      <div className="versions-header">
        <h2>Versions</h2>
        <button type="button" className="button button-quiet" onClick={reload}>
          Refresh
        </button>
      </div>
      {versions === undefined ? (
        <p className="muted" aria-busy="true">
          Loading versions…
        </p>
      ) : versions.length === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <ol className="versions-list">
          {versions.map((version) => (
            <li key={version.number} className={version.live ? "version version-live" : "version"} aria-label={`Version ${version.number}`}>
              <div className="version-title">
                <strong>v{version.number}</strong>
                {version.live && <span className="badge badge-published">live</span>}
                <span className="muted small" title={new Date(version.createdAt).toLocaleString()}>
                  {relativeTime(version.createdAt)} · {version.author}
                </span>
              </div>
              <p className={version.note ? "version-note" : "version-note muted"}>{version.note ?? "No note"}</p>
              <div className="version-actions">
                <button type="button" className="button button-quiet" onClick={() => void view(version)}>
                  View
                </button>
                {!version.live && (
                  <button type="button" className="button button-quiet" onClick={() => setConfirming(version)}>
                    Roll back
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <Dialog title="Roll back" open={confirming !== undefined} onClose={() => setConfirming(undefined)}>
        <p>
          Publish version <strong>{confirming?.number}</strong> again? It becomes a new live version, and the draft is replaced by it: unpublished changes in the
          draft are lost.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
          <button type="button" className="button button-danger-solid" disabled={busy} onClick={() => void rollback()}>
            Roll back to v{confirming?.number}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
