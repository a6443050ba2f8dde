/** Channel types the runtime's drivers use; the filter also offers the ones seen in the list. */
export const KNOWN_CHANNEL_TYPES: readonly string[] = ["simulator", "twilio_voice", "twilio_sms", "twilio_whatsapp", "whatsapp", "telegram", "webchat"];

/** The channel types to offer: the known ones and those seen, sorted, each once. */
export function channelChoices(seen: Iterable<string>): string[] {
  return [...new Set([...KNOWN_CHANNEL_TYPES, ...seen])].filter((type) => type !== "").sort();
}
