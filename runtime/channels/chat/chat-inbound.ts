import type { UnsupportedInput } from "./unsupported-input";

/**
 * What the customer sent: typed text; a tapped button (its id as the provider gave it back, and
 * the button's title when the provider says it: WhatsApp's reply title, the Telegram keyboard's
 * button text, the web chat's drawn label); or something a chat flow cannot read (a voice note,
 * an image, a location…, see unsupported-input.ts).
 */
export type ChatInput = { kind: "text"; text: string } | { kind: "button"; id: string; title?: string } | UnsupportedInput;

/** One inbound chat message, as every chat driver hands it to `receiveChatMessage`. */
export interface ChatInbound {
  /** Who wrote: the address replies go to (E.164 phone, `whatsapp:+…`, Telegram chat id, web chat visitor id). */
  contact: string;
  input: ChatInput;
  /** The provider's id of this message (MessageSid, wamid, update_id…): `{{call.id}}` of a session it starts. */
  eventId: string;
  /** Who the contact is: `{{caller.phone}}`, `{{caller.name}}`, and what agents see. */
  caller?: { phone?: string; name?: string };
  /** Our address the message was sent to (Twilio `To`): `{{call.to}}`, and the sender of replies sent later. */
  to?: string;
}
