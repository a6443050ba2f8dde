import type { ChannelType } from "../../../../runtime/channels/channel-config";
import type { ChannelInput, ChannelView } from "./channels-api";
import { providerOf, type SettingField } from "./channel-providers";
import { callingOf } from "./whatsapp-calling";

/** What the channel form edits: every value as the inputs hold it. */
export interface ChannelDraft {
  type: ChannelType;
  name: string;
  flowId: string;
  credentials: Record<string, string>;
  /**
   * Settings as typed: text; a choice's or a select's value (absent: its default); a list one item
   * per line (`allowedOrigins`, `inboundAddresses`, `numbers`); an order as its values joined by
   * commas (`codecs`: "PCMA,PCMU", absent: the default order); WhatsApp's calling flow (`calling`).
   */
  text: Record<string, string>;
  /** Checkbox settings (`whatsapp`, `srtp`; `calling`: WhatsApp calls are taken). */
  flags: Record<string, boolean>;
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
    flags: {},
  };
}

/** The draft of a stored channel: its masked secrets stay masked (sent back, they keep the stored ones). */
export function draftOf(channel: ChannelView): ChannelDraft {
  const provider = providerOf(channel.type);
  const text: Record<string, string> = {};
  const flags: Record<string, boolean> = {};
  for (const field of provider.settings) {
    const value = channel.settings[field.key];
    const strings = Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
    if (field.kind === "calling") {
      const calling = callingOf(channel.settings);
      flags[field.key] = calling.enabled;
      if (calling.flowId !== "") text[field.key] = calling.flowId;
    } else if (field.kind === "checkbox") flags[field.key] = value === true;
    else if (field.kind === "lines" && Array.isArray(value)) text[field.key] = strings.join("\n");
    else if (field.kind === "order" && Array.isArray(value)) text[field.key] = strings.join(",");
    else if ((field.kind === "text" || field.kind === "choice" || field.kind === "select") && typeof value === "string") text[field.key] = value;
  }
  return {
    type: channel.type,
    name: channel.name,
    flowId: channel.flowId,
    credentials: Object.fromEntries(provider.credentials.map((field) => [field.key, channel.credentials[field.key] ?? ""])),
    text,
    flags,
  };
}

/** `https://a.example\nhttps://b.example` → the list (blank lines and spaces dropped). */
export function linesOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The values an `order` setting holds now, in order: as typed, else its default. */
export function orderOf(draft: ChannelDraft, field: Extract<SettingField, { kind: "order" }>): string[] {
  const typed = draft.text[field.key];
  return typed === undefined ? [...field.default] : typed.split(",").filter((value) => value !== "");
}

/**
 * The settings object of the draft's type: only its fields, optional ones left out when empty.
 * WhatsApp calling is sent only when ticked (`{enabled: true, flowId}`, no flowId when none is
 * chosen so the check names it); unticked, it is left out: calls are not taken.
 */
export function settingsOf(draft: ChannelDraft): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of providerOf(draft.type).settings) {
    if (field.kind === "calling") {
      const flowId = draft.text[field.key] ?? "";
      if (draft.flags[field.key] === true) settings[field.key] = flowId === "" ? { enabled: true } : { enabled: true, flowId };
    } else if (field.kind === "checkbox") {
      if (draft.flags[field.key] === true) settings[field.key] = true;
    } else if (field.kind === "lines") {
      const lines = linesOf(draft.text[field.key] ?? "");
      if (lines.length > 0 || field.optional !== true) settings[field.key] = lines;
    } else if (field.kind === "order") {
      settings[field.key] = orderOf(draft, field);
    } else if (field.kind === "select") {
      settings[field.key] = draft.text[field.key] ?? field.default;
    } else {
      const value = (draft.text[field.key] ?? "").trim();
      if (value !== "") settings[field.key] = value;
    }
  }
  return settings;
}

/** The credentials of the draft's type, trimmed (secrets exactly as typed but for surrounding spaces); optional ones left out when empty. */
export function credentialsOf(draft: ChannelDraft): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const field of providerOf(draft.type).credentials) {
    const value = (draft.credentials[field.key] ?? "").trim();
    if (value !== "" || field.optional !== true) credentials[field.key] = value;
  }
  return credentials;
}

/** What POST /api/channels takes. */
export function inputOf(draft: ChannelDraft): ChannelInput {
  return { type: draft.type, name: draft.name.trim(), flowId: draft.flowId, credentials: credentialsOf(draft), settings: settingsOf(draft) };
}
