import { useEffect, useRef, useState } from "react";
import { consoleActions } from "./console-actions";
import { lastMessageId } from "./console-state";
import { useConsole } from "./console-store";

/**
 * A room, loaded in full when it opens and again when its state changes (participants follow
 * status and assignee); caught up by message id whenever the conversation says there is more.
 */
export function useRoom(conversationId: string) {
  const conversation = useConsole((state) => state.conversations[conversationId]);
  const room = useConsole((state) => state.rooms[conversationId]);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    consoleActions.loadRoom(conversationId).then(
      () => live && setError(undefined),
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [conversationId]);

  // Participants follow status, assignee and team: reload when they change (not when the conversation first becomes known).
  const shape = conversation === undefined ? "" : `${conversation.status}|${conversation.assigneeId ?? ""}|${conversation.teamId ?? ""}`;
  const lastShape = useRef(shape);
  useEffect(() => {
    const before = lastShape.current;
    lastShape.current = shape;
    if (before !== "" && before !== shape) consoleActions.loadRoom(conversationId).catch(() => undefined);
  }, [conversationId, shape]);

  const have = lastMessageId(room);
  const behind = room !== undefined && conversation !== undefined && conversation.lastMessageId > have;
  useEffect(() => {
    if (behind) consoleActions.catchUp(conversationId, have).catch(() => undefined);
  }, [behind, conversationId, have]);

  return { conversation, room, error };
}
