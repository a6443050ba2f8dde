import { useCallback, useEffect, useState } from "react";
import { useSession } from "../auth/session-store";
import { type FlowSummary, flowsApi } from "../flows/flows-api";
import { flowIdFrom, newFlowDocument } from "../flows/new-flow-document";
import { Link } from "../router/link";
import { navigate } from "../router/router";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog } from "../ui/dialog";
import { relativeTime } from "../ui/relative-time";
import { toast, toastError } from "../ui/toasts";
import { ImportDialog } from "./import-dialog";

const STATUS_TEXT: Record<FlowSummary["status"], string> = {
  unpublished: "Draft, never published",
  published: "Published",
  changed: "Draft changes",
};

/** /designer: every flow with its status; create, rename, duplicate, delete, import, export. */
export function FlowsPage() {
  const isAdmin = useSession((state) => state.me?.role === "admin");
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [renaming, setRenaming] = useState<FlowSummary | undefined>();
  const [deleting, setDeleting] = useState<FlowSummary | undefined>();

  const reload = useCallback(() => {
    flowsApi.list().then(setFlows, toastError);
  }, []);
  useEffect(reload, [reload]);

  const duplicate = async (flow: FlowSummary) => {
    try {
      const source = await flowsApi.get(flow.id);
      const name = `Copy of ${flow.name}`;
      const created = await flowsApi.create({ ...source.document, id: flowIdFrom(name), name });
      toast.success(`Duplicated as “${created.name}”`);
      reload();
    } catch (error) {
      toastError(error);
    }
  };

  return (
    <main className="page">
      <div className="page-header">
        <h1>Flows</h1>
        {isAdmin && (
          <div className="toolbar">
            <button type="button" className="button" onClick={() => setImporting(true)}>
              Import…
            </button>
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New flow
            </button>
          </div>
        )}
      </div>

      {flows === undefined ? (
        <p className="muted" aria-busy="true">
          Loading flows…
        </p>
      ) : flows.length === 0 ? (
        <div className="empty-state">
          <h2>No flows yet</h2>
          <p className="muted">A flow is how a call or chat is handled. Start from an empty one, or import a JSON file.</p>
        </div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Last edited</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <tr key={flow.id}>
                <td>
                  <Link href={`/designer/flows/${encodeURIComponent(flow.id)}`} className="strong">
                    {flow.name}
                  </Link>
                  <div className="muted small">{flow.id}</div>
                </td>
                <td>
                  <span className={`badge badge-${flow.status}`}>{STATUS_TEXT[flow.status]}</span>
                  {flow.publishedVersion !== null && <span className="muted small"> · live v{flow.publishedVersion}</span>}
                </td>
                <td title={new Date(flow.updatedAt).toLocaleString()}>
                  {relativeTime(flow.updatedAt)}
                  {flow.updatedBy && <div className="muted small">{flow.updatedBy}</div>}
                </td>
                <td className="row-actions">
                  {isAdmin && (
                    <>
                      <button type="button" className="button button-quiet" onClick={() => setRenaming(flow)}>
                        Rename
                      </button>
                      <button type="button" className="button button-quiet" onClick={() => duplicate(flow)}>
                        Duplicate
                      </button>
                    </>
                  )}
                  <a className="button button-quiet" href={flowsApi.exportUrl(flow.id)} download={`${flow.id}.json`}>
                    Export
                  </a>
                  {isAdmin && (
                    <button type="button" className="button button-quiet button-danger" onClick={() => setDeleting(flow)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <NameDialog
        title="New flow"
        open={creating}
        initial=""
        action="Create"
        onClose={() => setCreating(false)}
        onSubmit={async (name) => {
          const created = await flowsApi.create(newFlowDocument(name));
          toast.success(`Created “${created.name}”`);
          navigate(`/designer/flows/${encodeURIComponent(created.id)}`);
        }}
      />
      <NameDialog
        title="Rename flow"
        open={renaming !== undefined}
        initial={renaming?.name ?? ""}
        action="Rename"
        onClose={() => setRenaming(undefined)}
        onSubmit={async (name) => {
          if (!renaming) return;
          const current = await flowsApi.get(renaming.id);
          await flowsApi.save(renaming.id, { ...current.document, name }, current.revision);
          toast.success(`Renamed to “${name}”`);
          setRenaming(undefined);
          reload();
        }}
      />
      <ConfirmDialog
        title="Delete flow"
        action="Delete"
        open={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await flowsApi.remove(deleting.id);
          toast.success(`Deleted “${deleting.name}”`);
          reload();
        }}
      >
        <p>
          Delete <strong>{deleting?.name}</strong>? Calls already running on it finish on their version; new calls to a channel bound to it will fail.
        </p>
      </ConfirmDialog>
      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={(id) => {
          setImporting(false);
          navigate(`/designer/flows/${encodeURIComponent(id)}`);
        }}
      />
    </main>
  );
}

function NameDialog(props: { title: string; open: boolean; initial: string; action: string; onClose: () => void; onSubmit: (name: string) => Promise<void> }) {
  const [name, setName] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  useEffect(() => setName(props.initial), [props.initial, props.open]);
  return (
    <Dialog title={props.title} open={props.open} onClose={props.onClose}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          try {
            await props.onSubmit(name.trim());
            props.onClose();
          } catch (error) {
            toastError(error);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          Name
          <input required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} autoFocus />
        </label>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || name.trim() === ""}>
            {props.action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
