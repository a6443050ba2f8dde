import { useEffect, useState } from "react";
import type { ConversationView } from "../../../runtime/rooms/views";
import type { Call } from "../call-logs/calls-api";
import { CallCard } from "../call-logs/session-calls";
import { useSessionCalls } from "../call-logs/use-session-calls";

/** A call still being written: it is being recorded, or it ended and its recording is being mixed. */
const recordingPending = (call: Call) => call.recording.mode !== "off" && call.recording.status === "none";
/** How often, and how many times, the calls are read again while a recording is pending. */
const PENDING_EVERY_MS = 2_000;
const PENDING_TRIES = 30;

/**
 * The calls of a conversation's session (media-plane calls: browser voice) in the room's sidebar,
 * each with its recording's player when there is one: the same rows and the same access rules as
 * the call log. Read again when the conversation's status changes, and every 2 s while a recording
 * is still being written (it is mixed once the call ends).
 */
export function ConversationCalls({ conversation }: { conversation: ConversationView }) {
  const sessionId = conversation.sessionId ?? "";
  const [tries, setTries] = useState(0);
  const calls = useSessionCalls(sessionId, tries * 10 + ["waiting", "active", "on_hold", "closed"].indexOf(conversation.status), sessionId !== "");
  const pending = calls?.some(recordingPending) === true;
  useEffect(() => {
    if (!pending || tries >= PENDING_TRIES) return undefined;
    const timer = setTimeout(() => setTries((count) => count + 1), PENDING_EVERY_MS);
    return () => clearTimeout(timer);
  }, [pending, tries, calls]);
  if (calls === undefined || calls.length === 0) return null;
  return (
    <section className="info-section" aria-labelledby={`calls-${conversation.id}`}>
      <h3 id={`calls-${conversation.id}`}>{calls.length === 1 ? "Call" : `Calls (${calls.length})`}</h3>
      <ol className="call-list">
        {calls.map((call, index) => (
          <CallCard key={call.id} call={call} label={calls.length === 1 ? "Call" : `Call ${calls.length - index}`} />
        ))}
      </ol>
    </section>
  );
}
