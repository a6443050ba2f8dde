import { ChannelConfig, type ChannelType, SECRET_FIELDS } from "../../../../runtime/channels/channel-config";
import { MASK } from "../../../../runtime/channels/mask-credentials";
import { ApiRequestError } from "../../api/api-client";
import { type ChannelDraft, credentialsOf, linesOf, settingsOf } from "./channel-draft";
import { providerOf } from "./channel-providers";

/** Problems by field: `name`, `flowId`, `credentials.<key>`, `settings.<key>` (WhatsApp's calling flow: `settings.calling.flowId`). */
export type FieldErrors = Record<string, string>;

/** `credentials.authToken` from a zod path; list items (`settings.allowedOrigins.1`) name their list. */
function fieldOf(path: ReadonlyArray<PropertyKey>): { field: string; item: number | undefined } {
  const parts = path.map((segment) => String(segment));
  const last = parts.at(-1);
  if (parts.length > 2 && last !== undefined && /^\d+$/.test(last)) return { field: parts.slice(0, -1).join("."), item: Number(last) };
  return { field: parts.join("."), item: undefined };
}

/**
 * Checks the draft with the runtime's own schema (`ChannelConfig`), so the form says what the API
 * would. A masked secret (edit form, unchanged) is the stored one: it is not checked again.
 */
export function validateDraft(draft: ChannelDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.name.trim() === "") errors.name = "give the channel a name";
  const credentials: Record<string, string> = credentialsOf(draft);
  const kept = SECRET_FIELDS[draft.type].filter((key) => credentials[key]?.startsWith(MASK) === true);
  const result = ChannelConfig.safeParse({ type: draft.type, credentials, settings: settingsOf(draft) });
  if (result.success) return errors;
  const lists = new Set(providerOf(draft.type).settings.filter((setting) => setting.kind === "lines").map((setting) => `settings.${setting.key}`));
  for (const issue of result.error.issues) {
    const { field, item } = fieldOf(issue.path);
    if (kept.some((key) => field === `credentials.${key}`)) continue;
    if (errors[field] !== undefined) continue;
    if (item !== undefined && lists.has(field)) {
      // One line of a list is wrong: say which (“203.0.113.300” is not an address or CIDR block…).
      const line = linesOf(draft.text[field.slice("settings.".length)] ?? "")[item] ?? "";
      errors[field] = `“${line}” is not ${issue.message}`;
    } else {
      errors[field] = issue.message;
    }
  }
  return errors;
}

/** A server error as field problems (400 `body.credentials.accountSid: …`), or its message when it names no field. */
export function serverErrors(error: unknown): { fields: FieldErrors; message: string | undefined } {
  const fields: FieldErrors = {};
  if (error instanceof ApiRequestError && error.status === 400) {
    const issues = typeof error.details === "object" && error.details !== null && "issues" in error.details && Array.isArray(error.details.issues) ? error.details.issues : [];
    const named: Array<{ field: string; message: string }> = [];
    for (const issue of issues) {
      if (typeof issue === "object" && issue !== null && "field" in issue && "message" in issue && typeof issue.field === "string" && typeof issue.message === "string")
        named.push({ field: issue.field, message: issue.message });
    }
    const match = /^(body\.[\w.]+): (.*)$/s.exec(error.message);
    if (named.length === 0 && match?.[1] !== undefined && match[2] !== undefined) named.push({ field: match[1], message: match[2] });
    for (const issue of named) {
      const { field } = fieldOf(issue.field.replace(/^body\./, "").split("."));
      fields[field] ??= issue.message;
    }
    if (Object.keys(fields).length > 0) return { fields, message: undefined };
  }
  return { fields, message: error instanceof Error ? error.message : String(error) };
}

/** Field names the form of `type` shows next to an input. */
export function placedFields(type: ChannelType): Set<string> {
  const provider = providerOf(type);
  const settings = provider.settings.flatMap((field) => (field.kind === "calling" ? [`settings.${field.key}`, `settings.${field.key}.flowId`] : [`settings.${field.key}`]));
  return new Set(["name", "flowId", ...provider.credentials.map((field) => `credentials.${field.key}`), ...settings]);
}

/** Problems with no input to sit next to (e.g. an unknown credential field), as `field: message` lines. */
export function unplacedErrors(errors: FieldErrors, placed: Set<string>): string[] {
  return Object.entries(errors)
    .filter(([field]) => !placed.has(field))
    .map(([field, message]) => `${field}: ${message}`);
}

/** The value behind a field name, as the form holds it. */
function valueAt(draft: ChannelDraft, field: string): unknown {
  const [part, key = ""] = field.split(".");
  if (part === "name") return draft.name;
  if (part === "flowId") return draft.flowId;
  if (part === "credentials") return draft.credentials[key];
  if (part === "settings") return `${String(draft.flags[key] ?? "")}|${draft.text[key] ?? ""}`;
  return undefined;
}

/** The problems left once the admin edits the draft: a field's problem goes as soon as that field changes. */
export function clearEdited(errors: FieldErrors, before: ChannelDraft, after: ChannelDraft): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => valueAt(before, field) === valueAt(after, field)));
}
