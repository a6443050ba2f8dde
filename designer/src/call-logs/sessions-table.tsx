import type { FlowSummary } from "../flows/flows-api";
import { callColumnText } from "./call-text";
import type { Call } from "./calls-api";
import { Link } from "../router/link";
import { relativeTime } from "../ui/relative-time";
import { sessionDurationText } from "./duration";
import { endReasonText } from "./end-reason-text";
import { versionText } from "./flow-version-ref";
import type { SessionSummary } from "./sessions-api";
import { StatusBadge } from "./status-badge";
import { flowName } from "./use-flows";
import "./call-logs.css";

/** The href of a session's page. */
export const sessionHref = (id: string): string => `/designer/logs/${encodeURIComponent(id)}`;

/** The Call column: the newest call's direction and duration (answered → ended), `—` without calls. */
function CallCell({ calls }: { calls: readonly Call[] }) {
  return <td>{calls.length === 0 ? <span className="muted">—</span> : callColumnText(calls)}</td>;
}

/** Sessions, one row each, newest first; the start time links to the session. `calls`: each session's calls (media plane), when loaded. */
export function SessionsTable({
  sessions,
  flows,
  now,
  calls,
}: {
  sessions: readonly SessionSummary[];
  flows: readonly FlowSummary[] | undefined;
  now: number;
  calls?: ReadonlyMap<string, Call[]> | undefined;
}) {
  return (
    <table className="table log-table">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Flow</th>
          <th scope="col">Version</th>
          <th scope="col">Channel</th>
          <th scope="col">Contact</th>
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Steps
          </th>
          <th scope="col">End reason</th>
          <th scope="col">Duration</th>
          <th scope="col">Call</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id}>
            <td title={relativeTime(session.startedAt, now)}>
              <Link href={sessionHref(session.id)} className="strong">
                {new Date(session.startedAt).toLocaleString()}
              </Link>
            </td>
            <td>
              {flowName(flows, session.flowId)}
              <div className="muted small">{session.flowId}</div>
            </td>
            <td>{versionText(session.version)}</td>
            <td>
              {session.channelType}
              {session.channelId && <div className="muted small">{session.channelId}</div>}
            </td>
            <td>{session.contact ?? <span className="muted">—</span>}</td>
            <td>
              <StatusBadge status={session.status} />
            </td>
            <td className="numeric">{session.stepCount}</td>
            <td title={session.endReason ?? undefined}>{endReasonText(session.endReason)}</td>
            <td>{sessionDurationText(session, now)}</td>
            <CallCell calls={calls?.get(session.id) ?? []} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
