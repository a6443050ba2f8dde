import { useEffect } from "react";
import type { AgentView, ConversationView } from "../../../runtime/rooms/views";
import { lastMessageId } from "./console-state";
import { isVoice } from "./channel-label";
import { Composer } from "./composer";
import { useConsole } from "./console-store";
import { MessageList } from "./message-list";
import { RoomHeader } from "./room-header";
import { CallBanner } from "./softphone/call-banner";
import { isInvitedAgent, isLiveMediaCall } from "./softphone/media-calls";
import { useSoftphone } from "./softphone/softphone-store";
import { useRoom } from "./use-room";

/** Why the composer is off, or null when the agent may write. */
function writeBlock(conversation: ConversationView, me: AgentView | null, canWork: boolean): string | null {
  if (conversation.status === "closed") return "This conversation is closed.";
  if (conversation.status === "waiting") return "Waiting for an agent: accept the offer or take it to write.";
  if (!canWork || me === null) return "Only the assigned agent can write here.";
  return null;
}

/** The room: its header with call controls, the messages (live), the composer. */
export function RoomView({ conversationId }: { conversationId: string }) {
  const { conversation, room, error } = useRoom(conversationId);
  const me = useConsole((state) => state.me);
  const softphoneCalls = useSoftphone((state) => state.calls);
  const markSeen = useConsole((state) => state.markSeen);
  const newest = lastMessageId(room);
  useEffect(() => markSeen(conversationId, newest), [conversationId, newest, markSeen]);
  if (conversation === undefined || room === undefined)
    return (
      <section className="room room-empty">
        {error === undefined ? (
          <p className="muted" aria-busy="true">
            Loading the conversation…
          </p>
        ) : (
          <div className="empty-state">
            <h2>Cannot open this conversation</h2>
            <p className="muted">{error}</p>
          </div>
        )}
      </section>
    );
  const canWork = me !== null && (conversation.assigneeId === me.id || me.role === "admin");
  const invited = me !== null && isInvitedAgent(room.participants, me.id);
  const onTheCall = isLiveMediaCall(conversation, softphoneCalls) && (conversation.assigneeId === me?.id || invited);
  return (
    <section className="room" aria-label={`Conversation ${conversation.subject}`}>
      <RoomHeader conversation={conversation} me={me} canWork={canWork} onTheCall={onTheCall} />
      {onTheCall && <CallBanner />}
      {conversation.status === "on_hold" && (
        <div className="hold-banner" role="status">
          On hold — {isVoice(conversation.channelType) ? "the caller hears hold music." : "the customer was told they are on hold."}
        </div>
      )}
      <MessageList messages={room.messages} myUserId={me?.id ?? null} />
      <Composer conversationId={conversation.id} disabledReason={writeBlock(conversation, me, canWork)} />
    </section>
  );
}
