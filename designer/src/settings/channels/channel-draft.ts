import type { ChannelType } from "../../../../runtime/channels/channel-config";
import type { ChannelInput, ChannelView } from "./channels-api";
import { providerOf } from "./channel-providers";

/** What the channel form edits: every value as the inputs hold it. */
export interface ChannelDraft {
  type: ChannelType;
  name: string;
  flowId: string;
  credentials: Record<string, string>;
  /** Text settings as typed, a choice's value (absent: its default); `allowedOrigins` one origin per line. */
  text: Record<string, string>;
  whatsapp: boolean;
}

/** An empty draft for a new channel of `type`. */
export function newDraft(type: ChannelType): ChannelDraft {
  const provider = providerOf(type);
  return {
    type,
    name: provider.defaultName,
    flowId: "",
    credentials: Object.fromEntries(provider.credentials.map((field) => [field.key, ""])),
    text: {},
    whatsapp: false,
  };
}

/** The draft of a stored channel: its masked secrets stay masked (sent back, they keep the stored ones). */
export function draftOf(channel: ChannelView): ChannelDraft {
  const provider = providerOf(channel.type);
  const text: Record<string, string> = {};
  for (const field of provider.settings) {
    const value = channel.settings[field.key];
    if (field.kind === "origins" && Array.isArray(value)) text[field.key] = value.filter((item) => typeof item === "string").join("\n");
    if ((field.kind === "text" || field.kind === "choice") && typeof value === "string") text[field.key] = value;
  }
  return {
    type: channel.type,
    name: channel.name,
    flowId: channel.flowId,
    credentials: Object.fromEntries(provider.credentials.map((field) => [field.key, channel.credentials[field.key] ?? ""])),
    text,
    whatsapp: channel.settings.whatsapp === true,
  };
}

/** `https://a.example\nhttps://b.example` → the list (blank lines and spaces dropped). */
export function originsOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The settings object of the draft's type: only its fields, optional ones left out when empty. */
export function settingsOf(draft: ChannelDraft): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of providerOf(draft.type).settings) {
    if (field.kind === "checkbox") {
      if (draft.whatsapp) settings[field.key] = true;
    } else if (field.kind === "origins") {
      settings[field.key] = originsOf(draft.text[field.key] ?? "");
    } else {
      const value = (draft.text[field.key] ?? "").trim();
      if (value !== "") settings[field.key] = value;
    }
  }
  return settings;
}

/** The credentials of the draft's type, trimmed (secrets exactly as typed but for surrounding spaces). */
export function credentialsOf(draft: ChannelDraft): Record<string, string> {
  return Object.fromEntries(providerOf(draft.type).credentials.map((field) => [field.key, (draft.credentials[field.key] ?? "").trim()]));
}

/** What POST /api/channels takes. */
export function inputOf(draft: ChannelDraft): ChannelInput {
  return { type: draft.type, name: draft.name.trim(), flowId: draft.flowId, credentials: credentialsOf(draft), settings: settingsOf(draft) };
}
