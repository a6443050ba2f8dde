import type { DispatchResult } from "../../sessions/session-runner";
import type { DriverContext } from "../channel-driver";
import type { WebchatChannel } from "./webchat-conversations";

/**
 * Starts the channel's flow for a visitor who opened the widget (web chat only: a chat bot speaks
 * first, before any message; every message after that goes through `receiveChatMessage`). The
 * visitor id is the session's contact, `{{caller.id}}` and `{{call.from}}` (replies find the
 * visitor through it), and `{{call.id}}`.
 */
export function startWebchatSession(channel: WebchatChannel, visitorId: string, context: DriverContext): Promise<DispatchResult> {
  return context.runner.start({
    flowId: channel.flowId,
    source: "published",
    channel: { kind: "chat", type: "webchat", id: channel.id },
    contact: visitorId,
    caller: { id: visitorId },
    call: { id: visitorId, from: visitorId },
  });
}
