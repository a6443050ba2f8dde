import { useState } from "react";
import { useSession } from "../../auth/session-store";
import { toast, toastError } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import { SettingsDate } from "../settings-date";
import { SettingsLayout } from "../settings-layout";
import { SettingsList } from "../settings-list";
import { ROLES, Role, type User } from "../settings-schemas";
import { useSettingsRows } from "../use-settings-rows";
import { CreateUserDialog } from "./create-user-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";

/** /settings/users: every user; create, change role, disable / enable, reset a password. */
export function UsersSection({ path }: { path: string }) {
  const myId = useSession((state) => state.me?.id);
  const users = useSettingsRows(settingsApi.listUsers);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | undefined>();

  const update = async (user: User, change: { role?: Role; disabled?: boolean }, done: string) => {
    try {
      await settingsApi.updateUser(user.id, change);
      toast.success(done);
      users.reload();
    } catch (error) {
      toastError(error);
    }
  };

  return (
    <SettingsLayout
      path={path}
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New user
        </button>
      }
    >
      <SettingsList
        label="Users"
        list={users}
        loading="Loading users…"
        empty={{ title: "No users yet", text: "Add the admins and agents who sign in to Switchboard." }}
        columns={[
          { header: "Email", className: "strong", cell: (user) => user.email },
          { header: "Name", cell: (user) => user.name },
          {
            header: "Role",
            cell: (user) => (
              <select
                aria-label={`Role of ${user.email}`}
                value={user.role}
                disabled={user.id === myId}
                title={user.id === myId ? "You cannot change your own role" : undefined}
                onChange={(event) => {
                  const role = Role.safeParse(event.target.value);
                  if (role.success) void update(user, { role: role.data }, `${user.email} is now ${role.data === "admin" ? "an admin" : "an agent"}`);
                }}
              >
                {ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
              </select>
            ),
          },
          {
            header: "Status",
            cell: (user) =>
              user.disabledAt === null ? <span className="badge badge-published">Active</span> : <span className="badge badge-error" title={new Date(user.disabledAt).toLocaleString()}>Disabled</span>,
          },
          { header: "Created", cell: (user) => <SettingsDate iso={user.createdAt} /> },
        ]}
        actions={(user) => (
          <>
            <button type="button" className="button button-quiet" onClick={() => setResetting(user)}>
              Reset password
            </button>
            {user.disabledAt === null ? (
              <button
                type="button"
                className="button button-quiet button-danger"
                disabled={user.id === myId}
                onClick={() => update(user, { disabled: true }, `Disabled ${user.email}; they are signed out`)}
              >
                Disable
              </button>
            ) : (
              <button type="button" className="button button-quiet" onClick={() => update(user, { disabled: false }, `Enabled ${user.email}`)}>
                Enable
              </button>
            )}
          </>
        )}
      />

      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          toast.success(`Created ${user.email}`);
          users.reload();
        }}
      />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(undefined)} />
    </SettingsLayout>
  );
}
