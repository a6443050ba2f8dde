import { z } from "zod";
import { detailOf, type UnsupportedInput, type UnsupportedKind } from "../chat/unsupported-input";
import type { WhatsAppMessage } from "./whatsapp-payload";

/**
 * The message types of a WhatsApp Cloud API webhook a chat flow cannot read, and what agents are
 * told of each (Meta's "messages" object: media carry `{id, mime_type, sha256, caption?}`, a voice
 * note is `audio` with `voice: true` — `voice` on older on-premises payloads —, `location`
 * `{latitude, longitude, name?, address?}`, `contacts[]` `{name: {formatted_name}, phones:
 * [{phone, wa_id}]}`, `reaction` `{message_id, emoji}` (an empty emoji removes it); `unsupported`
 * / `unknown` for what Meta itself cannot pass on). Every part is read leniently: a field missing
 * or of another shape is left out of the note, never a reason to refuse the webhook.
 */
const Media = z.looseObject({ id: z.string().optional(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), voice: z.boolean().optional() });
const Location = z.looseObject({ latitude: z.number().optional(), longitude: z.number().optional(), name: z.string().optional(), address: z.string().optional() });
const Contacts = z.array(
  z.looseObject({
    name: z.looseObject({ formatted_name: z.string().optional() }).optional(),
    phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional() })).optional(),
  }),
);
const Reaction = z.looseObject({ emoji: z.string().optional() });

/** Types that are no message to the business: an edit or deletion of an earlier one, a system notice (number changed), the chat being opened. Stored, not answered. */
const NOT_MESSAGES: ReadonlySet<string> = new Set(["edit", "revoke", "system", "request_welcome", "ephemeral"]);

const MEDIA_KINDS: Readonly<Record<string, UnsupportedKind>> = { image: "image", sticker: "sticker", video: "video", document: "document", audio: "audio", voice: "voice_note" };

function field(message: WhatsAppMessage, name: string): unknown {
  return Object.hasOwn(message, name) ? message[name] : undefined;
}

function media(message: WhatsAppMessage, type: string, kind: UnsupportedKind): UnsupportedInput {
  const read = Media.safeParse(field(message, type));
  const value = read.success ? read.data : {};
  const what: UnsupportedKind = kind === "audio" && value.voice === true ? "voice_note" : kind;
  const detail = detailOf(value.filename, value.mime_type, value.id === undefined ? undefined : `media id ${value.id}`);
  return { kind: "unsupported", what, ...(detail === undefined ? {} : { detail }), ...(value.caption === undefined ? {} : { caption: value.caption }) };
}

/** The message as something the flow cannot read; undefined for text, taps and what is no message (`NOT_MESSAGES`). */
export function whatsappUnsupported(message: WhatsAppMessage): UnsupportedInput | undefined {
  const { type } = message;
  if (NOT_MESSAGES.has(type)) return undefined;
  const kind = MEDIA_KINDS[type];
  if (kind !== undefined) return media(message, type, kind);
  if (type === "location") {
    const read = Location.safeParse(field(message, "location"));
    const place = read.success ? read.data : {};
    const where = place.latitude === undefined || place.longitude === undefined ? undefined : `${place.latitude}, ${place.longitude}`;
    const detail = detailOf(where, place.name, place.address);
    return { kind: "unsupported", what: "location", ...(detail === undefined ? {} : { detail }) };
  }
  if (type === "contacts") {
    const read = Contacts.safeParse(field(message, "contacts"));
    const cards = read.success ? read.data : [];
    const detail = detailOf(...cards.map((card) => detailOf(card.name?.formatted_name, ...(card.phones ?? []).map((phone) => phone.phone ?? phone.wa_id))));
    return { kind: "unsupported", what: "contact", ...(detail === undefined ? {} : { detail }) };
  }
  if (type === "reaction") {
    const read = Reaction.safeParse(field(message, "reaction"));
    const emoji = read.success ? read.data.emoji : undefined;
    return { kind: "unsupported", what: "reaction", ...(emoji === undefined || emoji === "" ? {} : { detail: emoji }) };
  }
  return { kind: "unsupported", what: "other", detail: `WhatsApp message type "${type.slice(0, 40)}"` };
}
