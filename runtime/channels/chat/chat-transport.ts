import type { SessionState } from "../../engine/index";
import type { ChannelOf, ChannelType } from "../channel-config";
import type { ChannelCapabilities, DriverContext } from "../channel-driver";
import type { ChatMessage } from "../chat-message";

/** Where a message goes: the contact, and the session's state when there is one (Twilio replies from the number it was written to). */
export interface ChatAddress {
  contact: string;
  state?: SessionState;
  /** The agent room the message comes from (a room delivery): providers that report delivery later are told, so a failure reaches the room. */
  conversationId?: string;
}

/** How one chat provider sends a message: all a chat driver adds to the shared chat logic. */
export interface ChatTransport<T extends ChannelType> {
  readonly capabilities: ChannelCapabilities;
  /** Sends one message (buttons / list / text as `chatMessage` decided); throws `ProviderApiError` when the provider refuses. */
  send(channel: ChannelOf<T>, to: ChatAddress, message: ChatMessage, context: DriverContext): Promise<void>;
}
