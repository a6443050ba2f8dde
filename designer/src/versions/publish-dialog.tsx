import { useEffect, useState } from "react";
import { type Diagnostic, hasErrors } from "../../../flow-schema/validate/diagnostic";
import { validate } from "../../../flow-schema/validate/validate";
import { ApiRequestError } from "../api/api-client";
import { type FlowDetail, flowsApi } from "../flows/flows-api";
import { Dialog } from "../ui/dialog";
import { DiagnosticList } from "../ui/diagnostic-list";
import { toast, toastError } from "../ui/toasts";
import { FlowDocument } from "../../../flow-schema/document";
import { diffFlows, type FlowDiff } from "./flow-diff";
import { describePin, type PlannedPin, plannedPins } from "./subflow-pins";
import { FlowDiffView } from "./flow-diff-view";
import { ConflictDetails, type FlowVersionInfo, InvalidFlowDetails, versionsApi } from "./versions-api";
import "./versions.css";

export interface PublishDialogProps {
  flowId: string;
  /** The draft revision the editor shows: sent as baseRevision, so a stale publish is refused. */
  revision: number;
  open: boolean;
  onClose: () => void;
  onPublished: (version: FlowVersionInfo) => void;
}

interface Review {
  draft: FlowDetail;
  liveVersion: number | null;
  diff: FlowDiff;
  diagnostics: Diagnostic[];
  pins: PlannedPin[];
}

/** The saved draft against the live version, with the draft's diagnostics checked in the browser. */
async function review(flowId: string): Promise<Review> {
  const [draft, flows, teams] = await Promise.all([flowsApi.get(flowId), flowsApi.list(), versionsApi.teamIds()]);
  const live = draft.publishedVersion === null ? null : await versionsApi.get(flowId, draft.publishedVersion);
  const pins = plannedPins(draft.document, flows, live?.document ?? null);
  // The called flows' live versions, so their inputs, outputs and outcomes are checked here too (the server also follows their calls).
  const called = new Map<string, FlowDocument>();
  for (const pin of pins) {
    if (pin.version === null || called.has(pin.flowId)) continue;
    const parsed = FlowDocument.safeParse((await versionsApi.get(pin.flowId, pin.version)).document);
    if (parsed.success) called.set(pin.flowId, parsed.data);
  }
  return {
    draft,
    liveVersion: live?.number ?? null,
    diff: diffFlows(live?.document ?? null, draft.document),
    diagnostics: validate(draft.document, {
      knownFlows: flows.map((flow) => flow.id),
      knownTeams: teams,
      ...(pins.length > 0 ? { subflows: (id: string) => called.get(id) } : {}),
    }),
    pins,
  };
}

/** Publish the draft: a note, what changed against the live version, refused while there are errors. */
export function PublishDialog({ flowId, revision, open, onClose, onPublished }: PublishDialogProps) {
  const [loaded, setLoaded] = useState<Review | undefined>();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ message: string; diagnostics: Diagnostic[] } | undefined>();
  const [conflict, setConflict] = useState<{ message: string; currentRevision: number | null } | undefined>();

  useEffect(() => {
    if (!open) return;
    let live = true;
    setLoaded(undefined);
    setRefused(undefined);
    setConflict(undefined);
    setNote("");
    review(flowId).then(
      (result) => live && setLoaded(result),
      (error: unknown) => live && toastError(error),
    );
    return () => {
      live = false;
    };
  }, [open, flowId, revision]);

  const diagnostics = refused?.diagnostics ?? loaded?.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const blocked = loaded === undefined || hasErrors(diagnostics) || busy;

  const publish = async () => {
    setBusy(true);
    setConflict(undefined);
    try {
      const version = await versionsApi.publish(flowId, note.trim(), revision);
      toast.success(`Published version ${version.number}`);
      onPublished(version);
      onClose();
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 422) {
        const details = InvalidFlowDetails.safeParse(error.details);
        setRefused({ message: error.message, diagnostics: details.success ? details.data.diagnostics : [] });
      } else if (error instanceof ApiRequestError && error.status === 409) {
        const details = ConflictDetails.safeParse(error.details);
        setConflict({ message: error.message, currentRevision: details.success ? details.data.currentRevision : null });
      } else toastError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Publish" open={open} onClose={onClose} wide>
      {loaded === undefined ? (
        <p className="muted" aria-busy="true">
          Comparing the draft with the live version…
        </p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!blocked) void publish();
          }}
        >
          <p className="muted small">
            Publishes the saved draft of <strong>{loaded.draft.name}</strong> (revision {revision}). New calls start on it at once; calls already running finish
            on their version.
          </p>
          <label>
            Note
            <textarea className="publish-note" rows={2} maxLength={2000} placeholder="What changed, for the versions list" value={note} onChange={(event) => setNote(event.target.value)} autoFocus />
          </label>
          <FlowDiffView diff={loaded.diff} liveVersion={loaded.liveVersion} />
          {loaded.pins.length > 0 && (
            <section className="publish-pins" aria-label="Pinned subflows">
              <h3>Pinned subflows</h3>
              <p className="muted small">This version will run these versions of the flows it calls, whatever is published there later.</p>
              <ul>
                {loaded.pins.map((pin) => (
                  <li key={pin.nodeId}>{describePin(pin)}</li>
                ))}
              </ul>
            </section>
          )}
          <section className="publish-diagnostics" aria-label="Diagnostics">
            <h3>Diagnostics</h3>
            {refused && (
              <p className="form-error" role="alert">
                The server refused to publish: {refused.message}
              </p>
            )}
            {errors > 0 && !refused && (
              <p className="form-error" role="alert">
                Publishing is refused while the draft has {errors} error{errors === 1 ? "" : "s"}: fix {errors === 1 ? "it" : "them"} first.
              </p>
            )}
            <DiagnosticList diagnostics={diagnostics} />
          </section>
          {conflict && (
            <p className="form-error" role="alert">
              Someone saved the draft since you opened it
              {conflict.currentRevision === null ? "" : ` (it is now at revision ${conflict.currentRevision}, you have ${revision})`}: reload it and publish again. <span className="muted">{conflict.message}</span>
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={blocked}>
              {busy ? "Publishing…" : "Publish"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
