import { useCallback, useEffect, useState } from "react";
import { toast, toastError } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import { SettingsLayout } from "../settings-layout";
import type { Team, User } from "../settings-schemas";
import { CreateTeamDialog } from "./create-team-dialog";
import { TeamCard } from "./team-card";

/** /settings/teams: agent teams with their members and how conversations are offered to them. */
export function TeamsSection({ path }: { path: string }) {
  const [teams, setTeams] = useState<Team[] | undefined>();
  const [users, setUsers] = useState<User[]>([]);
  const [creating, setCreating] = useState(false);

  const reload = useCallback(() => {
    Promise.all([settingsApi.listTeams(), settingsApi.listUsers()]).then(([nextTeams, nextUsers]) => {
      setUsers(nextUsers);
      setTeams(nextTeams);
    }, toastError);
  }, []);
  useEffect(reload, [reload]);

  return (
    <SettingsLayout
      path={path}
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New team
        </button>
      }
    >
      {teams === undefined ? (
        <p className="muted" aria-busy="true">
          Loading teams…
        </p>
      ) : teams.length === 0 ? (
        <div className="empty-state">
          <h2>No teams yet</h2>
          <p className="muted">A team is a group of agents; a flow's transfer node hands conversations to one.</p>
        </div>
      ) : (
        <div className="settings-cards">
          {teams.map((team) => (
            <TeamCard key={team.id} team={team} users={users} onChanged={reload} />
          ))}
        </div>
      )}
      <CreateTeamDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(team) => {
          setCreating(false);
          toast.success(`Created team “${team.name}”`);
          reload();
        }}
      />
    </SettingsLayout>
  );
}
