import { z } from "zod";
import { detailOf, type UnsupportedInput, type UnsupportedKind } from "../chat/unsupported-input";

/**
 * What a Telegram `Message` without text carries, as something a chat flow cannot read (Bot API
 * `Message` fields: `voice`, `audio`, `photo` (sizes), `sticker`, `location`, `venue`, `contact`,
 * `document`, `video`, `video_note`, `animation` (which also fills `document`), `poll`, `dice`;
 * `caption` on media). Read leniently: a field of another shape is left out of the note.
 */
const File = z.looseObject({ file_id: z.string().optional(), mime_type: z.string().optional(), file_name: z.string().optional(), emoji: z.string().optional() });
const Location = z.looseObject({ latitude: z.number().optional(), longitude: z.number().optional() });
const Venue = z.looseObject({ location: Location.optional(), title: z.string().optional(), address: z.string().optional() });
const Contact = z.looseObject({ phone_number: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() });
const Poll = z.looseObject({ question: z.string().optional() });
const Photo = z.array(File);

/** Fields that hold a file, most specific first (an animation also fills `document`). */
const FILES: ReadonlyArray<readonly [string, UnsupportedKind]> = [
  ["voice", "voice_note"],
  ["video_note", "video"],
  ["animation", "animation"],
  ["audio", "audio"],
  ["video", "video"],
  ["sticker", "sticker"],
  ["document", "document"],
];

const fileDetail = (file: z.infer<typeof File>): string | undefined =>
  detailOf(file.emoji, file.file_name, file.mime_type, file.file_id === undefined ? undefined : `file id ${file.file_id}`);

const coordinates = (location: z.infer<typeof Location> | undefined): string | undefined =>
  location?.latitude === undefined || location.longitude === undefined ? undefined : `${location.latitude}, ${location.longitude}`;

/** Service messages (a pin, the chat's settings, members): no message to the business. Stored, not answered. */
const SERVICE: readonly string[] = ["pinned_message", "write_access_allowed", "message_auto_delete_timer_changed", "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo", "delete_chat_photo", "group_chat_created"];

/**
 * A message without text, as something the flow cannot read (`caption`, on media, is kept for the
 * flow to read); undefined for a service message.
 */
export function telegramUnsupported(message: Readonly<Record<string, unknown>>, caption: string | undefined): UnsupportedInput | undefined {
  if (SERVICE.some((name) => Object.hasOwn(message, name))) return undefined;
  const withCaption = (what: UnsupportedKind, detail: string | undefined): UnsupportedInput => ({
    kind: "unsupported",
    what,
    ...(detail === undefined ? {} : { detail }),
    ...(caption === undefined ? {} : { caption }),
  });
  const present = (name: string): unknown => (Object.hasOwn(message, name) ? message[name] : undefined);
  for (const [name, what] of FILES) {
    const value = present(name);
    if (value === undefined) continue;
    const file = File.safeParse(value);
    return withCaption(what, file.success ? fileDetail(file.data) : undefined);
  }
  if (present("photo") !== undefined) {
    const sizes = Photo.safeParse(present("photo"));
    // The sizes go from small to large: the last is the original.
    const largest = sizes.success ? sizes.data.at(-1) : undefined;
    return withCaption("image", largest === undefined ? undefined : fileDetail(largest));
  }
  if (present("venue") !== undefined) {
    const venue = Venue.safeParse(present("venue"));
    return withCaption("location", venue.success ? detailOf(coordinates(venue.data.location), venue.data.title, venue.data.address) : undefined);
  }
  if (present("location") !== undefined) {
    const location = Location.safeParse(present("location"));
    return withCaption("location", location.success ? coordinates(location.data) : undefined);
  }
  if (present("contact") !== undefined) {
    const contact = Contact.safeParse(present("contact"));
    const name = contact.success ? [contact.data.first_name, contact.data.last_name].filter((part) => part !== undefined && part !== "").join(" ") : "";
    return withCaption("contact", contact.success ? detailOf(name, contact.data.phone_number) : undefined);
  }
  if (present("poll") !== undefined) {
    const poll = Poll.safeParse(present("poll"));
    return withCaption("poll", poll.success ? poll.data.question : undefined);
  }
  return withCaption("other", "a Telegram message without text");
}
