import type { ParticipantView } from "../../../runtime/rooms/views";
import { ChannelBadge } from "./channel-badge";

/** Who is in the room: customers, agents and observers, with their channel and address. */
export function ParticipantList({ participants }: { participants: readonly ParticipantView[] }) {
  if (participants.length === 0) return <p className="muted small">Nobody yet.</p>;
  return (
    <ul className="participants" aria-label="Participants">
      {participants.map((participant) => (
        <li key={participant.id} className={participant.leftAt === null ? "participant" : "participant participant-left"}>
          <span className="participant-name">
            {participant.displayName ?? participant.address}
            <span className="muted small"> · {participant.role}</span>
          </span>
          <span className="participant-meta">
            <ChannelBadge channel={participant.channel} />
            {participant.displayName !== null && participant.channel !== "console" && <span className="muted small">{participant.address}</span>}
            {participant.leftAt !== null && <span className="muted small">left</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
