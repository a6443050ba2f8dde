import { useId } from "react";
import { duration } from "./dashboard-tables";
import { useNow } from "../console/use-now";
import { useLiveFigures } from "./use-live-figures";

/** Now: who waits per team (and the longest wait, counting up), the agents, the calls; pushed over /ws/live. */
export function LiveTiles() {
  const { figures, connected } = useLiveFigures();
  const now = useNow();
  const headingId = useId();
  return (
    <section className="dashboard-panel" aria-labelledby={headingId}>
      <header className="dashboard-panel-head">
        <h2 id={headingId}>Now</h2>
        <span className={connected ? "live-dot live-dot-on" : "live-dot"} role="status">
          {connected ? "Live" : "Reconnecting…"}
        </span>
      </header>
      {figures === undefined ? (
        <p className="muted">Connecting…</p>
      ) : (
        <div className="dashboard-tiles">
          <div className="dashboard-tile" role="group" aria-label="Waiting now">
            <div className="dashboard-tile-label">Waiting now</div>
            {figures.waiting.length === 0 ? (
              <div className="dashboard-tile-value">0</div>
            ) : (
              <ul className="live-queues">
                {figures.waiting.map((queue) => (
                  <li key={queue.teamId ?? "none"}>
                    <strong>{queue.waiting}</strong> {queue.teamName ?? queue.teamId ?? "no team"}
                    {queue.oldestWaitingSince !== null && <span className="muted"> · longest {duration(Math.max(0, (now - Date.parse(queue.oldestWaitingSince)) / 1000))}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <LiveTile label="Agents available" value={figures.agents.available} />
          <LiveTile label="Agents busy" value={figures.agents.busy} />
          <LiveTile label="Agents away" value={figures.agents.away} note={`${figures.agents.offline} offline`} />
          <LiveTile label="Calls in progress" value={figures.calls.inProgress} />
        </div>
      )}
    </section>
  );
}

function LiveTile({ label, value, note }: { label: string; value: number; note?: string }) {
  return (
    <div className="dashboard-tile" role="group" aria-label={label}>
      <div className="dashboard-tile-label">{label}</div>
      <div className="dashboard-tile-value">{value}</div>
      {note !== undefined && <div className="muted small">{note}</div>}
    </div>
  );
}
