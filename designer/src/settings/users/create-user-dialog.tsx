import { useEffect, useState } from "react";
import { FormDialog } from "../form-dialog";
import { settingsApi } from "../settings-api";
import { ROLES, Role, type User } from "../settings-schemas";

const MIN_PASSWORD = 8;

/** New user: email, name, role and a first password (8 characters at least). */
export function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (user: User) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [password, setPassword] = useState("");
  useEffect(() => {
    if (!open) return;
    setEmail("");
    setName("");
    setRole("agent");
    setPassword("");
  }, [open]);

  return (
    <FormDialog
      title="New user"
      open={open}
      action="Create user"
      canSubmit={email.trim() !== "" && name.trim() !== "" && password.length >= MIN_PASSWORD}
      onClose={onClose}
      onSubmit={async () => onCreated(await settingsApi.createUser({ email: email.trim(), name: name.trim(), role, password }))}
    >
      <label>
        Email
        <input type="email" required maxLength={200} value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
      </label>
      <label>
        Name
        <input required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
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
              {option}
            </option>
          ))}
        </select>
      </label>
      <label>
        Password
        <input type="password" required minLength={MIN_PASSWORD} maxLength={200} autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        <span className="muted small">At least {MIN_PASSWORD} characters.</span>
      </label>
    </FormDialog>
  );
}
