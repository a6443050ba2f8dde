import { useCallback, useEffect, useState } from "react";
import { ConfirmDialog } from "../../ui/confirm-dialog";
import { toast, toastError } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import { SettingsDate } from "../settings-date";
import { SettingsLayout } from "../settings-layout";
import type { ApiKey } from "../settings-schemas";
import { IssueKeyDialog } from "./issue-key-dialog";

/** /settings/api-keys: keys for scripts and integrations; issue (shown once) and revoke. */
export function ApiKeysSection({ path }: { path: string }) {
  const [keys, setKeys] = useState<ApiKey[] | undefined>();
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | undefined>();

  const reload = useCallback(() => {
    settingsApi.listApiKeys().then(setKeys, toastError);
  }, []);
  useEffect(reload, [reload]);

  return (
    <SettingsLayout
      path={path}
      actions={
        <button type="button" className="button button-primary" onClick={() => setIssuing(true)}>
          Issue API key
        </button>
      }
    >
      {keys === undefined ? (
        <p className="muted" aria-busy="true">
          Loading API keys…
        </p>
      ) : keys.length === 0 ? (
        <div className="empty-state">
          <h2>No API keys yet</h2>
          <p className="muted">A key lets a script call the API with “Authorization: Bearer sb_…”.</p>
        </div>
      ) : (
        <table className="table" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td className="strong">{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.role}</td>
                <td>
                  <SettingsDate iso={key.createdAt} />
                </td>
                <td>
                  <SettingsDate iso={key.lastUsedAt} none="Never" />
                </td>
                <td>{key.revokedAt === null ? <span className="badge badge-published">Active</span> : <span className="badge badge-error">Revoked <SettingsDate iso={key.revokedAt} /></span>}</td>
                <td className="row-actions">
                  {key.revokedAt === null && (
                    <button type="button" className="button button-quiet button-danger" onClick={() => setRevoking(key)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <IssueKeyDialog open={issuing} onClose={() => setIssuing(false)} onIssued={reload} />
      <ConfirmDialog
        title="Revoke API key"
        action="Revoke"
        open={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          if (!revoking) return;
          await settingsApi.revokeApiKey(revoking.id);
          toast.success(`Revoked “${revoking.name}”`);
          reload();
        }}
      >
        <p>
          Revoke <strong>{revoking?.name}</strong> (<code>{revoking?.prefix}…</code>)? Anything using it gets 401 from now on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </SettingsLayout>
  );
}
