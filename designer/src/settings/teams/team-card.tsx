import { useState } from "react";
import { toast, toastError } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import type { Team, User } from "../settings-schemas";
import { TeamCallsForm } from "./team-calls-form";
import { TeamRoutingForm } from "./team-routing-form";

/** One team: its members (add, remove), its routing and its call settings (hold music, transfer timeout, capacity, recording). */
export function TeamCard({ team, users, onChanged }: { team: Team; users: User[]; onChanged: () => void }) {
  const [adding, setAdding] = useState("");
  const byId = new Map(users.map((user) => [user.id, user]));
  const candidates = users.filter((user) => !team.members.includes(user.id));

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      toast.success(done);
      onChanged();
    } catch (error) {
      toastError(error);
    }
  };

  return (
    <section className="settings-card" aria-label={`Team ${team.name}`}>
      <h2>{team.name}</h2>
      <div className="muted small">{team.id}</div>

      <h3 className="small">Members</h3>
      {team.members.length === 0 ? (
        <p className="muted small">No members yet.</p>
      ) : (
        <ul className="settings-chips" aria-label={`Members of ${team.name}`}>
          {team.members.map((userId) => {
            const label = byId.get(userId)?.name ?? userId;
            return (
              <li key={userId} title={byId.get(userId)?.email}>
                {label}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${label} from ${team.name}`}
                  onClick={() => run(() => settingsApi.removeMember(team.id, userId), `Removed ${label} from ${team.name}`)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="settings-row"
        onSubmit={(event) => {
          event.preventDefault();
          const user = byId.get(adding);
          if (!user) return;
          void run(() => settingsApi.addMember(team.id, user.id), `Added ${user.name} to ${team.name}`).then(() => setAdding(""));
        }}
      >
        <label>
          Add member
          <select value={adding} onChange={(event) => setAdding(event.target.value)}>
            <option value="">Choose a user…</option>
            {candidates.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.email}){user.disabledAt === null ? "" : " — disabled"}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={adding === ""}>
          Add
        </button>
      </form>

      <TeamRoutingForm team={team} onSaved={onChanged} />
      <TeamCallsForm team={team} onSaved={onChanged} />
    </section>
  );
}
