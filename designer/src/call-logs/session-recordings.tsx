import { useId } from "react";
import type { SessionRecordingView } from "../../../runtime/calls/session-recording-view";
import type { z } from "zod";
import { formatDuration } from "./duration";

type Recording = z.infer<typeof SessionRecordingView>;

/** The session's voicemails (its record nodes'): a player for ours, a link for Twilio's (kept at Twilio). */
export function SessionRecordings({ recordings }: { recordings: readonly Recording[] }) {
  const headingId = useId();
  if (recordings.length === 0) return null;
  return (
    <section className="session-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Recordings</h2>
      <ul className="session-recordings">
        {recordings.map((recording) => (
          <li key={recording.id}>
            <div className="small">
              <code>{recording.nodeId}</code> · {formatDuration(recording.durationMs)}
              {recording.finishKey !== null && <> · ended with {recording.finishKey}</>}
            </div>
            {recording.source === "media" ? (
              <audio controls preload="metadata" src={recording.url} aria-label={`Recording of ${recording.nodeId}`} />
            ) : (
              <a href={recording.url} target="_blank" rel="noreferrer">
                Play at Twilio (needs the account's credentials)
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
