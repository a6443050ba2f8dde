import { useCallback, useEffect, useState } from "react";
import { useSession } from "../../auth/session-store";
import { toast, toastError } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import { SettingsDate } from "../settings-date";
import { SettingsLayout } from "../settings-layout";
import { ROLES, Role, type User } from "../settings-schemas";
import { CreateUserDialog } from "./create-user-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";

/** /settings/users: every user; create, change role, disable / enable, reset a password. */
export function UsersSection({ path }: { path: string }) {
  const myId = useSession((state) => state.me?.id);
  const [users, setUsers] = useState<User[] | undefined>();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | undefined>();

  const reload = useCallback(() => {
    settingsApi.listUsers().then(setUsers, toastError);
  }, []);
  useEffect(reload, [reload]);

  const update = async (user: User, change: { role?: Role; disabled?: boolean }, done: string) => {
    try {
      await settingsApi.updateUser(user.id, change);
      toast.success(done);
      reload();
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
      {users === undefined ? (
        <p className="muted" aria-busy="true">
          Loading users…
        </p>
      ) : users.length === 0 ? (
        <div className="empty-state">
          <h2>No users yet</h2>
          <p className="muted">Add the admins and agents who sign in to Switchboard.</p>
        </div>
      ) : (
        <table className="table" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const self = user.id === myId;
              return (
                <tr key={user.id}>
                  <td className="strong">{user.email}</td>
                  <td>{user.name}</td>
                  <td>
                    <select
                      aria-label={`Role of ${user.email}`}
                      value={user.role}
                      disabled={self}
                      title={self ? "You cannot change your own role" : undefined}
                      onChange={(event) => {
                        const role = Role.safeParse(event.target.value);
                        if (role.success) void update(user, { role: role.data }, `${user.email} is now ${role.data === "admin" ? "an admin" : "an agent"}`);
                      }}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {user.disabledAt === null ? (
                      <span className="badge badge-published">Active</span>
                    ) : (
                      <span className="badge badge-error" title={new Date(user.disabledAt).toLocaleString()}>
                        Disabled
                      </span>
                    )}
                  </td>
                  <td>
                    <SettingsDate iso={user.createdAt} />
                  </td>
                  <td className="row-actions">
                    <button type="button" className="button button-quiet" onClick={() => setResetting(user)}>
                      Reset password
                    </button>
                    {user.disabledAt === null ? (
                      <button
                        type="button"
                        className="button button-quiet button-danger"
                        disabled={self}
                        onClick={() => update(user, { disabled: true }, `Disabled ${user.email}; they are signed out`)}
                      >
                        Disable
                      </button>
                    ) : (
                      <button type="button" className="button button-quiet" onClick={() => update(user, { disabled: false }, `Enabled ${user.email}`)}>
                        Enable
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          toast.success(`Created ${user.email}`);
          reload();
        }}
      />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(undefined)} />
    </SettingsLayout>
  );
}
