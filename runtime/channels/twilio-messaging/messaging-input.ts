import type { ChatInput } from "../chat/chat-inbound";
import { detailOf, type UnsupportedKind } from "../chat/unsupported-input";
import type { TwilioMessagingParams } from "./messaging-params";

/** The kind of an attachment by its content type (Twilio passes the sender's). */
function mediaKind(contentType: string | undefined): UnsupportedKind {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  if (type === "text/vcard" || type === "text/x-vcard") return "contact";
  return "document";
}

/**
 * What a Twilio "A message comes in" webhook carries for the chat logic:
 * - `Latitude`/`Longitude` → a location (WhatsApp through Twilio; with `Label` and `Address` for a place);
 * - `Body` → text (with attachments, the Body is their caption and is read as text); an empty
 *   Body with `ButtonText` (a quick-reply tap) → that text;
 * - an empty Body with `NumMedia` ≥ 1 → the first attachment, by `MediaContentType0`: an image,
 *   audio (Twilio does not tell a voice note apart), a video, a contact card (vCard), else a
 *   document; agents are told its URL at Twilio (`MediaUrl0`);
 * - otherwise an empty text, as before.
 */
export function messagingInput(params: TwilioMessagingParams): ChatInput {
  if (params.Latitude !== undefined && params.Longitude !== undefined && params.Latitude !== "" && params.Longitude !== "") {
    const detail = detailOf(`${params.Latitude}, ${params.Longitude}`, params.Label, params.Address);
    return { kind: "unsupported", what: "location", ...(detail === undefined ? {} : { detail }) };
  }
  if (params.Body.trim() !== "") return { kind: "text", text: params.Body };
  if (params.ButtonText !== undefined && params.ButtonText.trim() !== "") return { kind: "text", text: params.ButtonText };
  if ((params.NumMedia ?? 0) > 0) {
    const count = params.NumMedia ?? 0;
    const detail = detailOf(params.MediaContentType0, params.MediaUrl0, count > 1 && `${count} attachments`);
    return { kind: "unsupported", what: mediaKind(params.MediaContentType0), ...(detail === undefined ? {} : { detail }) };
  }
  return { kind: "text", text: params.Body };
}
