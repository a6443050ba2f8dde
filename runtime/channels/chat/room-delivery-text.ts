import type { DriverContext, RoomDelivery } from "../channel-driver";
import { CHAT_CLOSED } from "./chat-texts";

/** Close reasons meaning the customer is gone: nothing is sent to them. */
const CUSTOMER_GONE: readonly string[] = ["abandoned", "caller_hangup", "customer_left"];

/**
 * The text a chat customer is sent for a room delivery, or undefined for none:
 * - `message` (an agent's, or a system message such as "Alice joined"): its body;
 * - `hold`: nothing (the system message "You are on hold…" already says it on chat);
 * - `closed`: a short closing message (`CHAT_CLOSED`) when the conversation ends for good: not
 *   when the flow still waits on it (it goes on at `completed` / `no_answer` and says its own
 *   words), nor when the customer left.
 */
export async function roomDeliveryText(delivery: RoomDelivery, context: DriverContext): Promise<string | undefined> {
  switch (delivery.kind) {
    case "message":
      return delivery.message.body.trim() === "" ? undefined : delivery.message.body;
    case "hold":
      return undefined;
    case "closed": {
      if (CUSTOMER_GONE.includes(delivery.reason)) return undefined;
      const session = delivery.sessionId === null ? undefined : await context.store.sessions.getSessionHead(delivery.sessionId);
      return session !== undefined && session.status !== "ended" ? undefined : CHAT_CLOSED;
    }
  }
}
