import { useEffect, useState } from "react";
import { Dialog } from "../../ui/dialog";
import { FormDialog } from "../form-dialog";
import { settingsApi } from "../settings-api";
import { ROLES, Role, type IssuedApiKey } from "../settings-schemas";
import { IssuedKey } from "./issued-key";

/** Issue a key (name, role), then show it this once. */
export function IssueKeyDialog({ open, onClose, onIssued }: { open: boolean; onClose: () => void; onIssued: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [issued, setIssued] = useState<IssuedApiKey | undefined>();
  useEffect(() => {
    if (!open) return;
    setName("");
    setRole("agent");
    setIssued(undefined);
  }, [open]);

  if (issued)
    return (
      <Dialog title="API key issued" open={open} onClose={onClose}>
        <IssuedKey issued={issued} onDone={onClose} />
      </Dialog>
    );
  return (
    <FormDialog
      title="Issue API key"
      open={open}
      action="Issue key"
      canSubmit={name.trim() !== ""}
      onClose={onClose}
      onSubmit={async () => {
        setIssued(await settingsApi.issueApiKey({ name: name.trim(), role }));
        onIssued();
      }}
    >
      <label>
        Name
        <input required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. CRM sync" autoFocus />
      </label>
      <label>
        Role
        <select
          value={role}
          onChange={(event) => {
            const parsed = Role.safeParse(event.target.value);
            if (parsed.success) setRole(parsed.data);
          }}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option === "admin" ? "admin (may change things)" : "agent (may read)"}
            </option>
          ))}
        </select>
      </label>
    </FormDialog>
  );
}
