/** What the customer sent: typed text, or a tapped button (its id, as the provider gave it back). */
export type ChatInput = { kind: "text"; text: string } | { kind: "button"; id: string };

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
