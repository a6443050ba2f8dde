import { useEffect, useRef } from "react";
import type { MessageView } from "../../../runtime/rooms/views";
import { MessageItem } from "./message-item";

/** The room's messages, oldest first, kept scrolled to the newest. */
export function MessageList({ messages, myUserId }: { messages: readonly MessageView[]; myUserId: string | null }) {
  const end = useRef<HTMLLIElement>(null);
  const newest = messages[messages.length - 1]?.id ?? 0;
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [newest]);
  return (
    <ol className="messages" aria-label="Messages">
      {messages.length === 0 && <li className="muted message-system">No messages yet.</li>}
      {messages.map((message) => (
        <MessageItem key={message.id} message={message} mine={myUserId !== null && message.author?.userId === myUserId} />
      ))}
      <li ref={end} aria-hidden="true" className="messages-end" />
    </ol>
  );
}
