import { useCallback, useState } from "react";
import { toast } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import { SettingsLayout } from "../settings-layout";
import { SettingsList } from "../settings-list";
import type { User } from "../settings-schemas";
import { useSettingsRows } from "../use-settings-rows";
import { CreateTeamDialog } from "./create-team-dialog";
import { TeamCard } from "./team-card";

/** /settings/teams: agent teams with their members and how conversations are offered to them. */
export function TeamsSection({ path }: { path: string }) {
  const [users, setUsers] = useState<User[]>([]);
  const [creating, setCreating] = useState(false);
  // The users come with every load: a card never names a member the page does not know yet.
  const loadTeams = useCallback(async () => {
    const [nextTeams, nextUsers] = await Promise.all([settingsApi.listTeams(), settingsApi.listUsers()]);
    setUsers(nextUsers);
    return nextTeams;
  }, []);
  const teams = useSettingsRows(loadTeams);

  return (
    <SettingsLayout
      path={path}
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New team
        </button>
      }
    >
      <SettingsList
        label="Teams"
        list={teams}
        loading="Loading teams…"
        empty={{ title: "No teams yet", text: "A team is a group of agents; a flow's transfer node hands conversations to one." }}
        card={(team) => <TeamCard team={team} users={users} onChanged={teams.reload} />}
      />
      <CreateTeamDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(team) => {
          setCreating(false);
          toast.success(`Created team “${team.name}”`);
          teams.reload();
        }}
      />
    </SettingsLayout>
  );
}
