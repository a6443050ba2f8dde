import type { ReactNode } from "react";
import { formatDuration } from "./duration";
import { agentNames, callDurationText, directionText, hungUpByText, recordingText } from "./call-text";
import type { Call } from "./calls-api";
import { callEndReasonText } from "./end-reason-text";
import "./call-logs.css";

function Fact({ term, children, title }: { term: string; children: ReactNode; title?: string | undefined }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd title={title}>{children}</dd>
    </div>
  );
}

/** One call: who, how long, who hung up and why, the agents, hold and talk time, and its recording (a player, or why there is none). */
export function CallCard({ call, label }: { call: Call; label: string }) {
  const parties = [call.from, call.to].filter((party) => party !== null).join(" → ");
  return (
    <li className="call-card" aria-label={label}>
      <dl className="call-facts">
        <Fact term="Direction">{directionText(call.direction)}</Fact>
        <Fact term="Channel">{call.channelType}</Fact>
        {parties !== "" && <Fact term="Parties">{parties}</Fact>}
        <Fact term="Started">{new Date(call.createdAt).toLocaleString()}</Fact>
        <Fact term="Duration">{callDurationText(call)}</Fact>
        <Fact term="Hung up by">{hungUpByText(call.hungUpBy)}</Fact>
        <Fact term="End reason" title={call.endReason ?? undefined}>
          {callEndReasonText(call.endReason)}
        </Fact>
        <Fact term="Agents">{agentNames(call)}</Fact>
        <Fact term="Hold time">{formatDuration(call.holdMs)}</Fact>
        <Fact term="Talk time">{formatDuration(call.talkMs)}</Fact>
      </dl>
      {call.recording.status === "available" && call.recording.url !== null ? (
        <audio className="call-recording" controls preload="metadata" src={call.recording.url} aria-label={`Recording of ${label.toLowerCase()}`} />
      ) : (
        <p className={call.recording.status === "failed" ? "call-recording-note call-recording-failed" : "call-recording-note muted small"}>{recordingText(call.recording)}</p>
      )}
    </li>
  );
}

/** The session's calls on the media plane, newest first; nothing when it had none (chats, Twilio calls). */
export function SessionCalls({ calls }: { calls: readonly Call[] | undefined }) {
  if (calls === undefined || calls.length === 0) return null;
  return (
    <section className="session-panel" aria-labelledby="session-calls-title">
      <h2 id="session-calls-title">{calls.length === 1 ? "Call" : `Calls (${calls.length})`}</h2>
      <ol className="call-list">
        {calls.map((call, index) => (
          <CallCard key={call.id} call={call} label={calls.length === 1 ? "Call" : `Call ${calls.length - index}`} />
        ))}
      </ol>
    </section>
  );
}
