import { createHash } from "node:crypto";
import type { z } from "zod";
import type { ParseResult, WebhookRequest } from "../channel-driver";
import type { ChatInput } from "../chat/chat-inbound";
import { WhatsAppValue, WhatsAppWebhook, type WhatsAppMessage, type WhatsAppStatus } from "./whatsapp-payload";
import { whatsappUnsupported } from "./whatsapp-unsupported";
import { WhatsAppCallsValue, type WhatsAppCall, type WhatsAppCallStatus } from "./whatsapp-call-payload";

/**
 * What a `calls` change reported (MEDIA.md 5.2): a user's call (`connect`, its SDP offer), a call's
 * end (`terminate`: status upper-cased, duration when answered), another call event (stored only),
 * or a business-initiated call's status (RINGING, ACCEPTED, REJECTED; upper-cased).
 */
export type WhatsAppCallEvent =
  | { kind: "call_connect"; id: string; from: string; name?: string; direction: string; sdpType: "offer" | "answer"; sdp: string; timestampSeconds?: number; phoneNumberId: string; raw: WhatsAppCall }
  | { kind: "call_terminate"; id: string; status: string; durationSeconds?: number; phoneNumberId: string; raw: WhatsAppCall }
  | { kind: "call_other"; id: string; event: string; phoneNumberId: string; raw: WhatsAppCall }
  | { kind: "call_status"; id: string; status: string; phoneNumberId: string; raw: WhatsAppCallStatus };

/** The user's answer to our call permission request (MEDIA.md 5.6): `accept` or `reject`, until when, permanent or not, tapped or automatic. */
export interface CallPermissionReply {
  kind: "call_permission_reply";
  id: string;
  from: string;
  accepted: boolean;
  permanent: boolean;
  expiresAtSeconds?: number;
  source?: string;
  phoneNumberId: string;
  raw: WhatsAppMessage;
}

/** One thing a webhook reported: a customer's message (input undefined: no message to answer, e.g. an edit), a delivery status, a call permission reply, or a call event. */
export type WhatsAppEvent =
  | { kind: "message"; id: string; from: string; name?: string; input: ChatInput | undefined; phoneNumberId: string; raw: WhatsAppMessage }
  | CallPermissionReply
  | { kind: "status"; id: string; status: string; phoneNumberId: string; raw: WhatsAppStatus }
  | WhatsAppCallEvent;

/** A webhook read: every message and status of every entry and change, in order. */
export interface WhatsAppWebhookEvents {
  events: WhatsAppEvent[];
}

const issueText = (where: string, error: z.ZodError): string => {
  const issue = error.issues[0];
  return issue === undefined ? `${where}: invalid` : `${[where, ...issue.path.map(String)].join(".")}: ${issue.message}`;
};

/**
 * text → text; interactive button_reply / list_reply → a button (its id, mapped server-side, and
 * its title); a template quick reply → its text; media, locations, contact cards, reactions and
 * types Meta cannot pass on → unsupported (whatsapp-unsupported.ts); edits, deletions and system
 * notices → undefined (stored, not answered).
 */
function inputOf(message: WhatsAppMessage): ChatInput | undefined {
  if (message.type === "text" && message.text !== undefined) return { kind: "text", text: message.text.body };
  if (message.type === "interactive") {
    const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
    if (reply !== undefined) return { kind: "button", id: reply.id, title: reply.title };
  }
  if (message.type === "button" && message.button !== undefined) return { kind: "text", text: message.button.text };
  return whatsappUnsupported(message);
}

/**
 * Reads a WhatsApp Cloud API webhook (its X-Hub-Signature-256 was checked first). One payload can
 * carry several entries, changes, messages and statuses: each is returned, and deduped by its own
 * id when processed. The webhook's own provider event id is `payload:<sha256 of the body>`, so
 * Meta's retry of the same delivery is answered from the inbound log.
 */
export function parseWhatsAppWebhook(request: WebhookRequest): ParseResult<WhatsAppWebhookEvents> {
  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return { ok: false, message: "body: not JSON" };
  }
  const webhook = WhatsAppWebhook.safeParse(json);
  if (!webhook.success) return { ok: false, message: issueText("body", webhook.error) };
  const events: WhatsAppEvent[] = [];
  for (const [e, entry] of webhook.data.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      if (change.field === "calls") {
        const read = callEvents(change.value, `body.entry.${e}.changes.${c}.value`);
        if (!read.ok) return read;
        events.push(...read.events);
        continue;
      }
      if (change.field !== "messages") continue;
      const value = WhatsAppValue.safeParse(change.value);
      if (!value.success) return { ok: false, message: issueText(`body.entry.${e}.changes.${c}.value`, value.error) };
      const phoneNumberId = value.data.metadata.phone_number_id;
      for (const message of value.data.messages ?? []) {
        const permission = message.type === "interactive" ? message.interactive?.call_permission_reply : undefined;
        if (permission !== undefined) {
          const expires = permission.expiration_timestamp === undefined ? undefined : Number(permission.expiration_timestamp);
          events.push({
            kind: "call_permission_reply",
            id: message.id,
            from: message.from,
            accepted: permission.response.toLowerCase() === "accept",
            permanent: permission.is_permanent ?? false,
            ...(expires === undefined ? {} : { expiresAtSeconds: expires }),
            ...(permission.response_source === undefined ? {} : { source: permission.response_source }),
            phoneNumberId,
            raw: message,
          });
          continue;
        }
        const name = value.data.contacts?.find((contact) => contact.wa_id === message.from)?.profile?.name ?? value.data.contacts?.[0]?.profile?.name;
        events.push({ kind: "message", id: message.id, from: message.from, ...(name === undefined ? {} : { name }), input: inputOf(message), phoneNumberId, raw: message });
      }
      for (const status of value.data.statuses ?? []) events.push({ kind: "status", id: status.id, status: status.status, phoneNumberId, raw: status });
    }
  }
  const digest = createHash("sha256").update(request.bytes).digest("hex").slice(0, 40);
  return { ok: true, webhook: { providerEventId: `payload:${digest}`, payload: { events } } };
}

/** The events of a `calls` change; a `connect` without its SDP, or without a caller, is refused (400) naming the field. */
function callEvents(raw: unknown, where: string): { ok: true; events: WhatsAppCallEvent[] } | { ok: false; message: string } {
  const value = WhatsAppCallsValue.safeParse(raw);
  if (!value.success) return { ok: false, message: issueText(where, value.error) };
  const phoneNumberId = value.data.metadata.phone_number_id;
  const events: WhatsAppCallEvent[] = [];
  for (const [i, call] of (value.data.calls ?? []).entries()) {
    const event = call.event.toLowerCase();
    if (event === "connect") {
      const from = call.from ?? call.from_user_id;
      if (call.session === undefined) return { ok: false, message: `${where}.calls.${i}.session: a connect carries the SDP (session.sdp_type, session.sdp)` };
      if (from === undefined) return { ok: false, message: `${where}.calls.${i}.from: a connect names the caller (from or from_user_id)` };
      const name = value.data.contacts?.find((contact) => contact.wa_id === from)?.profile?.name;
      events.push({
        kind: "call_connect",
        id: call.id,
        from,
        ...(name === undefined ? {} : { name }),
        direction: (call.direction ?? "USER_INITIATED").toUpperCase(),
        sdpType: call.session.sdp_type,
        sdp: call.session.sdp,
        ...(call.timestamp === undefined ? {} : { timestampSeconds: Number(call.timestamp) }),
        phoneNumberId,
        raw: call,
      });
    } else if (event === "terminate") {
      events.push({ kind: "call_terminate", id: call.id, status: (call.status ?? "COMPLETED").toUpperCase(), ...(call.duration === undefined ? {} : { durationSeconds: Number(call.duration) }), phoneNumberId, raw: call });
    } else events.push({ kind: "call_other", id: call.id, event, phoneNumberId, raw: call });
  }
  for (const status of value.data.statuses ?? []) events.push({ kind: "call_status", id: status.id, status: status.status.toUpperCase(), phoneNumberId, raw: status });
  return { ok: true, events };
}
