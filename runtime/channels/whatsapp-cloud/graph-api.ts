import { z } from "zod";
import type { ChannelOf } from "../channel-config";
import type { ChannelCheck } from "../channel-driver";
import { ProviderApiError, providerRequest } from "../provider-api-error";
import { GraphCallPermissions } from "./call-permission";

/** What the Graph API says of a phone number (the fields the check reports). */
const PhoneNumberInfo = z.looseObject({ display_phone_number: z.string().optional(), verified_name: z.string().optional() });

type WhatsAppChannel = ChannelOf<"whatsapp_cloud">;

/** The Graph API version used when the channel's settings name none. */
export const DEFAULT_GRAPH_API_VERSION = "v21.0";

const apiVersion = (channel: WhatsAppChannel): string => channel.settings.apiVersion ?? DEFAULT_GRAPH_API_VERSION;
const bearer = (channel: WhatsAppChannel) => ({ authorization: `Bearer ${channel.credentials.accessToken}` });

/** `POST {WHATSAPP_GRAPH_BASE_URL}/{apiVersion}/{phoneNumberId}/messages` with the bearer token and a JSON body. */
export async function sendGraphMessage(channel: WhatsAppChannel, body: Record<string, unknown>, baseUrl: string): Promise<void> {
  await providerRequest("WhatsApp", {
    method: "POST",
    url: `${baseUrl}/${apiVersion(channel)}/${encodeURIComponent(channel.credentials.phoneNumberId)}/messages`,
    headers: { ...bearer(channel), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** A call action (MEDIA.md 5.3): `pre_accept` / `accept` carry our SDP answer (the same string both times), `reject` and `terminate` only the call id. */
export type GraphCallAction = { action: "pre_accept" | "accept"; callId: string; sdp: string } | { action: "reject" | "terminate"; callId: string };

/** `POST {WHATSAPP_GRAPH_BASE_URL}/{apiVersion}/{phoneNumberId}/calls` with the bearer token; throws `ProviderApiError` when Meta refuses. */
export async function sendGraphCallAction(channel: WhatsAppChannel, action: GraphCallAction, baseUrl: string): Promise<void> {
  const body = {
    messaging_product: "whatsapp",
    call_id: action.callId,
    action: action.action,
    // Meta's parameter tables say "offer", its examples "answer": an SDK that sent "offer" never connected (MEDIA.md 5.3).
    ...(action.action === "pre_accept" || action.action === "accept" ? { session: { sdp_type: "answer", sdp: action.sdp } } : {}),
  };
  await providerRequest("WhatsApp", {
    method: "POST",
    url: `${baseUrl}/${apiVersion(channel)}/${encodeURIComponent(channel.credentials.phoneNumberId)}/calls`,
    headers: { ...bearer(channel), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Meta's answer to `connect`: the new call's id. */
const ConnectReply = z.looseObject({ calls: z.array(z.looseObject({ id: z.string().min(1) })).min(1) });

/**
 * A business-initiated call (MEDIA.md 5.3): `connect` to the user's wa_id with our SDP offer;
 * answers Meta's call id (its answer comes later in a `connect` webhook). Throws `ProviderApiError`
 * when Meta refuses (138006: no call permission).
 */
export async function startGraphCall(channel: WhatsAppChannel, input: { to: string; sdp: string; bizOpaqueCallbackData?: string }, baseUrl: string): Promise<string> {
  const text = await providerRequest("WhatsApp", {
    method: "POST",
    url: `${baseUrl}/${apiVersion(channel)}/${encodeURIComponent(channel.credentials.phoneNumberId)}/calls`,
    headers: { ...bearer(channel), "content-type": "application/json" },
    body: JSON.stringify({
      messaging_product: "whatsapp",
      to: input.to,
      action: "connect",
      session: { sdp_type: "offer", sdp: input.sdp },
      ...(input.bizOpaqueCallbackData === undefined ? {} : { biz_opaque_callback_data: input.bizOpaqueCallbackData }),
    }),
  });
  const reply = ConnectReply.safeParse(JSON.parse(text));
  if (!reply.success) throw new ProviderApiError("WhatsApp", 200, `connect answered without a call id: ${text.slice(0, 200)}`);
  return reply.data.calls[0]?.id ?? "";
}

/** `GET /{phoneNumberId}/call_permissions?user_wa_id=…` (MEDIA.md 5.6; Meta allows 5 a second): whether the user lets us call. */
export async function readGraphCallPermissions(channel: WhatsAppChannel, userWaId: string, baseUrl: string): Promise<GraphCallPermissions> {
  const text = await providerRequest("WhatsApp", {
    method: "GET",
    url: `${baseUrl}/${apiVersion(channel)}/${encodeURIComponent(channel.credentials.phoneNumberId)}/call_permissions?user_wa_id=${encodeURIComponent(userWaId)}`,
    headers: bearer(channel),
  });
  const parsed = GraphCallPermissions.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ProviderApiError("WhatsApp", 200, `call_permissions answered something unexpected: ${text.slice(0, 200)}`);
  return parsed.data;
}

/** The "Check": `GET {WHATSAPP_GRAPH_BASE_URL}/{apiVersion}/{phoneNumberId}` with the bearer token. */
export async function checkGraphPhoneNumber(channel: WhatsAppChannel, baseUrl: string): Promise<ChannelCheck> {
  const id = channel.credentials.phoneNumberId;
  try {
    const text = await providerRequest("WhatsApp", { method: "GET", url: `${baseUrl}/${apiVersion(channel)}/${encodeURIComponent(id)}`, headers: bearer(channel) });
    const info = PhoneNumberInfo.safeParse(JSON.parse(text));
    const number = (info.success ? info.data.display_phone_number : undefined) ?? id;
    const name = info.success ? info.data.verified_name : undefined;
    return { ok: true, message: `WhatsApp number ${number}${name === undefined ? "" : ` (${name})`} is reachable with this access token` };
  } catch (error) {
    if (error instanceof ProviderApiError && error.unauthorized) return { ok: false, message: `Meta refused the access token (HTTP ${error.status}): create a new one (a System User token does not expire) and save the channel` };
    if (error instanceof ProviderApiError && (error.status === 400 || error.status === 404)) return { ok: false, message: `Meta does not know phone number id ${id} for this token (HTTP ${error.status}): copy the Phone number ID from WhatsApp > API Setup` };
    if (error instanceof ProviderApiError) return { ok: false, message: error.status === 0 ? `the Graph API could not be reached: ${error.body}` : `the Graph API answered HTTP ${error.status}: ${error.body.slice(0, 200)}` };
    if (error instanceof SyntaxError) return { ok: false, message: "the Graph API answered something that is not JSON" };
    throw error;
  }
}
