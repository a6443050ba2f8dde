import { useState } from "react";
import { ConfirmDialog } from "../../ui/confirm-dialog";
import { toast } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import { SettingsDate } from "../settings-date";
import { SettingsLayout } from "../settings-layout";
import { SettingsList } from "../settings-list";
import type { ApiKey } from "../settings-schemas";
import { useSettingsRows } from "../use-settings-rows";
import { IssueKeyDialog } from "./issue-key-dialog";

/** /settings/api-keys: keys for scripts and integrations; issue (shown once) and revoke. */
export function ApiKeysSection({ path }: { path: string }) {
  const keys = useSettingsRows(settingsApi.listApiKeys);
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | undefined>();

  return (
    <SettingsLayout
      path={path}
      actions={
        <button type="button" className="button button-primary" onClick={() => setIssuing(true)}>
          Issue API key
        </button>
      }
    >
      <SettingsList
        label="API keys"
        list={keys}
        loading="Loading API keys…"
        empty={{ title: "No API keys yet", text: "A key lets a script call the API with “Authorization: Bearer sb_…”." }}
        columns={[
          { header: "Name", className: "strong", cell: (key) => key.name },
          { header: "Prefix", cell: (key) => <code>{key.prefix}…</code> },
          { header: "Role", cell: (key) => key.role },
          { header: "Created", cell: (key) => <SettingsDate iso={key.createdAt} /> },
          { header: "Last used", cell: (key) => <SettingsDate iso={key.lastUsedAt} none="Never" /> },
          {
            header: "Revoked",
            cell: (key) =>
              key.revokedAt === null ? <span className="badge badge-published">Active</span> : <span className="badge badge-error">Revoked <SettingsDate iso={key.revokedAt} /></span>,
          },
        ]}
        actions={(key) =>
          key.revokedAt === null && (
            <button type="button" className="button button-quiet button-danger" onClick={() => setRevoking(key)}>
              Revoke
            </button>
          )
        }
      />

      <IssueKeyDialog open={issuing} onClose={() => setIssuing(false)} onIssued={keys.reload} />
      <ConfirmDialog
        title="Revoke API key"
        action="Revoke"
        open={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          if (!revoking) return;
          await settingsApi.revokeApiKey(revoking.id);
          toast.success(`Revoked “${revoking.name}”`);
          keys.reload();
        }}
      >
        <p>
          Revoke <strong>{revoking?.name}</strong> (<code>{revoking?.prefix}…</code>)? Anything using it gets 401 from now on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </SettingsLayout>
  );
}
