import type { ChatMessage } from "../chat-message";

/** Limits of interactive messages (PROVIDERS.md): body text 1,024 characters; the list's button label 20. */
const INTERACTIVE_BODY_MAX = 1024;
const TEXT_BODY_MAX = 4096;
/** The list message's button (what the customer taps to open the rows), and its one section. */
export const LIST_BUTTON_LABEL = "Choose";
export const LIST_SECTION_TITLE = "Options";

const interactiveText = (text: string): string => (text.trim() === "" ? "Please choose:" : text.slice(0, INTERACTIVE_BODY_MAX));

/**
 * The Graph API body of one message to `to` (the customer's wa_id), exactly as Meta documents it:
 * reply buttons (`interactive.type: "button"`) when `chatMessage` chose buttons, a list
 * (`interactive.type: "list"`, one section) when it chose a list, else a text message.
 */
export function whatsappMessageBody(to: string, message: ChatMessage): Record<string, unknown> {
  const envelope = { messaging_product: "whatsapp", recipient_type: "individual", to };
  if (message.buttons !== undefined) {
    return {
      ...envelope,
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: interactiveText(message.text) },
        action: { buttons: message.buttons.map((choice) => ({ type: "reply", reply: { id: choice.id, title: choice.label } })) },
      },
    };
  }
  if (message.list !== undefined) {
    return {
      ...envelope,
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: interactiveText(message.text) },
        action: { button: LIST_BUTTON_LABEL, sections: [{ title: LIST_SECTION_TITLE, rows: message.list.map((choice) => ({ id: choice.id, title: choice.label })) }] },
      },
    };
  }
  return { ...envelope, type: "text", text: { preview_url: false, body: message.text.slice(0, TEXT_BODY_MAX) } };
}
