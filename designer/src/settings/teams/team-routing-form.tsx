import { useEffect, useState } from "react";
import { toast, toastError } from "../../ui/toasts";
import { settingsApi } from "../settings-api";
import { RoutingStrategy, type Team } from "../settings-schemas";

const LABELS: Record<RoutingStrategy, string> = { broadcast: "Broadcast (every available agent)", round_robin: "Round robin (one agent at a time)" };

/** How the team's conversations are offered: broadcast, or round robin with an offer timeout. */
export function TeamRoutingForm({ team, onSaved }: { team: Team; onSaved: () => void }) {
  const [strategy, setStrategy] = useState<RoutingStrategy>(team.routingStrategy);
  const [timeout, setTimeoutText] = useState(String(team.offerTimeoutSeconds));
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setStrategy(team.routingStrategy);
    setTimeoutText(String(team.offerTimeoutSeconds));
  }, [team.routingStrategy, team.offerTimeoutSeconds]);

  const seconds = Number(timeout);
  const valid = Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600;
  const changed = strategy !== team.routingStrategy || seconds !== team.offerTimeoutSeconds;

  return (
    <form
      className="settings-row"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          await settingsApi.setRouting(team.id, { routingStrategy: strategy, offerTimeoutSeconds: seconds });
          toast.success(`Saved routing of ${team.name}`);
          onSaved();
        } catch (error) {
          toastError(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        Routing
        <select
          value={strategy}
          onChange={(event) => {
            const parsed = RoutingStrategy.safeParse(event.target.value);
            if (parsed.success) setStrategy(parsed.data);
          }}
        >
          {RoutingStrategy.options.map((option) => (
            <option key={option} value={option}>
              {LABELS[option]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Offer timeout (seconds)
        <input
          type="number"
          min={1}
          max={3600}
          step={1}
          required
          disabled={strategy !== "round_robin"}
          title="Seconds one agent has before everyone is offered the conversation"
          value={timeout}
          onChange={(event) => setTimeoutText(event.target.value)}
        />
      </label>
      <button type="submit" className="button" disabled={busy || !valid || !changed}>
        Save routing
      </button>
    </form>
  );
}
