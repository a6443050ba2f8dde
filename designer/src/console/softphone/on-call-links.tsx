import { Link } from "../../router/link";
import { roomPath } from "../console-actions";
import { useConsole } from "../console-store";
import { myLiveCalls } from "./media-calls";
import { useSoftphone } from "./softphone-store";

/** The calls the agent's softphone is on (theirs, or one they were added to), each a link to its room. */
export function OnCallLinks() {
  const me = useConsole((state) => state.me);
  const conversations = useConsole((state) => state.conversations);
  const rooms = useConsole((state) => state.rooms);
  const softphoneCalls = useSoftphone((state) => state.calls);
  const calls = myLiveCalls({ me, conversations, rooms, offers: [], agents: {} }, softphoneCalls);
  if (calls.length === 0) return null;
  return (
    <nav className="on-call" aria-label="Your calls">
      <span className="muted small">On call:</span>
      {calls.map((call) => (
        <Link key={call.id} href={roomPath(call.id)} className="on-call-link">
          {call.subject}
          {call.status === "on_hold" ? " (on hold)" : ""}
        </Link>
      ))}
    </nav>
  );
}
