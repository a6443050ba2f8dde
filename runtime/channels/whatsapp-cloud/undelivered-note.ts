import type { WhatsAppStatus } from "./whatsapp-payload";

/** What the common WhatsApp Cloud API delivery errors mean, for agents (Meta's error codes). */
const ERROR_MEANINGS: Readonly<Record<number, string>> = {
  131047: "more than 24 hours have passed since the customer last wrote, when only an approved template may be sent",
  131026: "the recipient cannot receive it (not a WhatsApp number, or an old WhatsApp version)",
  131049: "Meta chose not to deliver it, to limit the messages this customer receives",
  131051: "WhatsApp does not support this message type",
  131021: "the recipient is this business's own number",
  131031: "the business account is locked",
  130472: "the recipient is part of a WhatsApp experiment that holds back business messages",
};

/** The room's note for a message WhatsApp reported `failed`. */
export function whatsappUndeliveredNote(status: WhatsAppStatus): string {
  const to = status.recipient_id === undefined ? "the customer" : `+${status.recipient_id}`;
  const error = status.errors?.[0];
  if (error?.code === undefined) return `A message to ${to} was not delivered${error?.title === undefined ? "" : ` (${error.title})`}.`;
  const meaning = ERROR_MEANINGS[error.code];
  return `A message to ${to} was not delivered: ${meaning ?? error.title ?? "WhatsApp refused it"} (WhatsApp error ${error.code}).`;
}
