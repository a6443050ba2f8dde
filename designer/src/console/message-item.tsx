import type { MessageView } from "../../../runtime/rooms/views";
import { ChannelBadge } from "./channel-badge";

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

/** One message: system notes centred; people with their name, channel badge and time; transcripts marked. */
export function MessageItem({ message, mine }: { message: MessageView; mine: boolean }) {
  if (message.kind === "system" || message.author === null)
    return (
      <li className="message message-system" data-message-id={message.id}>
        <ChannelBadge channel="system" />
        <span>{message.body}</span>
        <time className="muted small" dateTime={message.at}>
          {time(message.at)}
        </time>
      </li>
    );
  const author = message.author;
  const name = author.displayName ?? author.address;
  return (
    <li className={`message message-${author.role}${mine ? " message-mine" : ""}`} data-message-id={message.id}>
      <div className="message-meta">
        <span className="message-author">{name}</span>
        <ChannelBadge channel={author.channel} />
        {message.kind === "speech_transcript" && (
          <span className="transcript-mark" title="Transcribed from the caller's speech">
            Speech transcript
          </span>
        )}
        <time className="muted small" dateTime={message.at}>
          {time(message.at)}
        </time>
      </div>
      <div className={message.kind === "speech_transcript" ? "message-body message-transcript" : "message-body"}>{message.body}</div>
    </li>
  );
}
