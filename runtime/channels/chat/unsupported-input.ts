/**
 * What a customer can send that a chat flow cannot read (yet). Voice notes are told apart from
 * other audio so that speech recognition can take them once it exists; until then every kind is
 * answered the same way (receive-chat-message.ts).
 */
export const UNSUPPORTED_KINDS = ["voice_note", "audio", "image", "sticker", "location", "contact", "video", "document", "animation", "poll", "reaction", "other"] as const;
export type UnsupportedKind = (typeof UNSUPPORTED_KINDS)[number];

/** A message of a kind the flow cannot read, as a chat driver read it. */
export interface UnsupportedInput {
  kind: "unsupported";
  what: UnsupportedKind;
  /** For agents: the media type and id / URL, the coordinates, the contact's name and number, the emoji… (one line). */
  detail?: string;
  /** Text the customer wrote with it (a photo's caption): the flow and agents read it as text. */
  caption?: string;
}

/**
 * Kinds that are not a message to answer: a reaction (👍 on an earlier message, or its removal)
 * is shown to agents, but the flow does not answer it: apologising and asking again each time a
 * customer reacts would be noise.
 */
export function isQuiet(input: UnsupportedInput): boolean {
  return input.what === "reaction";
}

const LABELS: Readonly<Record<UnsupportedKind, string>> = {
  voice_note: "a voice note",
  audio: "an audio file",
  image: "an image",
  sticker: "a sticker",
  location: "a location",
  contact: "a contact card",
  video: "a video",
  document: "a document",
  animation: "a GIF",
  poll: "a poll",
  reaction: "a reaction",
  other: "a message of a type Switchboard cannot read",
};

/** Kinds whose content only the provider holds: agents are told it cannot be shown. */
const MEDIA: ReadonlySet<UnsupportedKind> = new Set(["voice_note", "audio", "image", "sticker", "video", "document", "animation", "other"]);

/** A provider-supplied value made safe for one line of a note: control characters dropped, bounded. */
export function oneLine(value: string, max = 300): string {
  const line = value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The agent room's note for it, e.g. "The customer sent an image (image/jpeg, media id 1234). It cannot be shown here." */
export function unsupportedNote(input: UnsupportedInput): string {
  const detail = input.detail === undefined || input.detail.trim() === "" ? undefined : oneLine(input.detail);
  if (input.what === "reaction") return detail === undefined ? "The customer removed a reaction." : `The customer reacted with ${detail}.`;
  const sent = `The customer sent ${LABELS[input.what]}${detail === undefined ? "" : ` (${detail})`}.`;
  return MEDIA.has(input.what) ? `${sent} It cannot be shown here.` : sent;
}

/** Joins the known parts of a detail ("image/jpeg, media id 1234"); undefined when none is known. */
export function detailOf(...parts: ReadonlyArray<string | undefined | false>): string | undefined {
  const known = parts.filter((part): part is string => typeof part === "string" && part.trim() !== "");
  return known.length === 0 ? undefined : known.join(", ");
}
