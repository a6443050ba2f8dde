import { useEffect, useState } from "react";
import type { ConversationView } from "../../../runtime/rooms/views";
import type { Call } from "../call-logs/calls-api";
import { CallCard } from "../call-logs/session-calls";
import { useCallsOf } from "../call-logs/use-calls-of";

/** A call still being written: it is being recorded, or it ended and its recording is being mixed. */
const recordingPending = (call: Call) => call.recording.mode !== "off" && call.recording.status === "none";
/** How often, and how many times, the calls are read again while a recording is pending. */
const PENDING_EVERY_MS = 2_000;
const PENDING_TRIES = 30;

/**
 * The calls of a conversation (its session's, or the room's own when it has no session: a call the
 * agent placed) in the room's sidebar (media-plane calls: browser voice, SIP),
 * each with its recording's player when there is one: the same rows and the same access rules as
 * the call log. Read again when the conversation's status changes, and every 2 s while a recording
 * is still being written (it is mixed once the call ends).
 */
export function ConversationCalls({ conversation }: { conversation: ConversationView }) {
  const [tries, setTries] = useState(0);
  // A room with a flow session (a caller handed over) reads the session's calls; one without (a
  // call the agent placed) its own, read again as its messages tell what happens ("Answered"…).
  const { sessionId } = conversation;
  const status = ["waiting", "active", "on_hold", "closed"].indexOf(conversation.status);
  const calls = useCallsOf(
    sessionId !== null ? { sessionId } : { conversationId: conversation.id },
    sessionId !== null ? tries * 10 + status : `${tries}|${status}|${conversation.lastMessageId}`,
  );
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
