import { useEffect, useState } from "react";
import { toast } from "../../ui/toasts";
import { FormDialog } from "../form-dialog";
import { settingsApi } from "../settings-api";
import type { User } from "../settings-schemas";

const MIN_PASSWORD = 8;

/** Sets a new password for a user (the server signs them out everywhere). */
export function ResetPasswordDialog({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const [password, setPassword] = useState("");
  useEffect(() => setPassword(""), [user]);
  return (
    <FormDialog
      title="Reset password"
      open={user !== undefined}
      action="Reset password"
      canSubmit={password.length >= MIN_PASSWORD}
      onClose={onClose}
      onSubmit={async () => {
        if (!user) return;
        await settingsApi.resetPassword(user.id, password);
        toast.success(`Password reset for ${user.email}; they are signed out everywhere`);
        onClose();
      }}
    >
      <p>
        New password for <strong>{user?.email}</strong>. They will be signed out of every session.
      </p>
      <label>
        New password
        <input type="password" required minLength={MIN_PASSWORD} maxLength={200} autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} autoFocus />
        <span className="muted small">At least {MIN_PASSWORD} characters.</span>
      </label>
    </FormDialog>
  );
}
