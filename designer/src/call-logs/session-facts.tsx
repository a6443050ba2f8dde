import { formatDuration, sessionDuration } from "./duration";
import { endReasonText } from "./end-reason-text";
import { versionText } from "./flow-version-ref";
import type { SessionSummary } from "./sessions-api";
import { StatusBadge } from "./status-badge";
import "./call-logs.css";

const time = (iso: string | null): string => (iso === null ? "—" : new Date(iso).toLocaleString());

/** The session at a glance: flow, version, channel, contact, status, end reason, times. */
export function SessionFacts({ session, flowName, now }: { session: SessionSummary; flowName: string; now: number }) {
  const duration = sessionDuration(session, now);
  return (
    <dl className="session-facts">
      <div>
        <dt>Flow</dt>
        <dd>{flowName}</dd>
      </div>
      <div>
        <dt>Version</dt>
        <dd>{versionText(session.version)}</dd>
      </div>
      <div>
        <dt>Channel</dt>
        <dd>
          {session.channelType}
          {session.channelId && <span className="muted"> · {session.channelId}</span>}
        </dd>
      </div>
      <div>
        <dt>Contact</dt>
        <dd>{session.contact ?? "—"}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={session.status} />
        </dd>
      </div>
      <div>
        <dt>End reason</dt>
        <dd title={session.endReason ?? undefined}>{endReasonText(session.endReason)}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{time(session.startedAt)}</dd>
      </div>
      <div>
        <dt>Ended</dt>
        <dd>{time(session.endedAt)}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{duration.ongoing ? `${formatDuration(duration.ms)} so far` : formatDuration(duration.ms)}</dd>
      </div>
      <div>
        <dt>Steps</dt>
        <dd>{session.stepCount}</dd>
      </div>
    </dl>
  );
}
