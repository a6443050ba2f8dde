import type { z } from "zod";
import type { ParseResult, WebhookRequest } from "../channel-driver";
import { incomingEventId } from "./call-sessions";
import { RoomId, TwilioVoiceParams, WaitToken } from "./twilio-params";
import type { HoldMessage, RoomLegRef } from "./voice-urls";

/** A Twilio voice request, read. */
export type VoiceWebhook =
  | { route: "incoming"; params: TwilioVoiceParams }
  | { route: "gather"; params: TwilioVoiceParams; token: string; timedOut: boolean }
  | { route: "status"; params: TwilioVoiceParams; callStatus: string }
  | { route: "wait"; params: TwilioVoiceParams; hold: HoldMessage }
  | { route: "dial"; params: TwilioVoiceParams; token: string; dialStatus: string }
  | { route: "record"; params: TwilioVoiceParams; token: string; noAudio: boolean }
  | { route: "room"; params: TwilioVoiceParams; leg: RoomLegRef; token: string; timedOut: boolean }
  | { route: "join"; params: TwilioVoiceParams; leg: RoomLegRef }
  | { route: "leg-status"; params: TwilioVoiceParams; leg: RoomLegRef; callStatus: string };

/** The requests of a caller's flow (the others belong to agent rooms: `voice-room.ts`). */
export type FlowWebhook = Extract<VoiceWebhook, { route: "incoming" | "gather" | "status" | "wait" | "dial" | "record" }>;

const firstIssue = (where: string, error: z.ZodError): string => {
  const issue = error.issues[0];
  return issue === undefined ? `${where}: invalid` : `${[where, ...issue.path.map(String)].join(".")}: ${issue.message}`;
};

/**
 * Reads a Twilio voice request (its signature is checked next). Provider event ids, the inbound log's dedupe keys:
 * `${CallSid}:start` for the incoming call (answered with the id of the session it started), `${CallSid}:${token}` for a gather answer (the
 * `<Redirect>` for no input shares it: Twilio sends one or the other), `${CallSid}:status:${CallStatus}`,
 * `${CallSid}:wait:${token}`, `${CallSid}:dial:${token}` (a `<Dial action>`: one per dial), `${CallSid}:record:${token}` (a `<Record>` action or the redirect after it: one or the other); in agent rooms `${CallSid}:room:${token}` (a turn of the speech loop),
 * `${CallSid}:join` and `${CallSid}:leg-status:${CallStatus}` (an invited participant's call).
 */
export function parseVoiceWebhook(request: WebhookRequest): ParseResult<VoiceWebhook> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return { ok: false, message: "body: Twilio sends application/x-www-form-urlencoded" };
  }
  const read = TwilioVoiceParams.safeParse(Object.fromEntries(new URLSearchParams(request.body)));
  if (!read.success) return { ok: false, message: firstIssue("body", read.error) };
  const params = read.data;
  const sid = params.CallSid;

  switch (request.route) {
    case "":
      return { ok: true, webhook: { providerEventId: incomingEventId(sid), payload: { route: "incoming", params } } };
    case "status": {
      const callStatus = params.CallStatus;
      if (callStatus === undefined || callStatus === "") return { ok: false, message: "body.CallStatus: a status callback carries the call's status" };
      return { ok: true, webhook: { providerEventId: `${sid}:status:${callStatus}`, payload: { route: "status", params, callStatus } } };
    }
    case "dial": {
      const token = WaitToken.safeParse(request.query.get("token"));
      if (!token.success) return { ok: false, message: firstIssue("query.token", token.error) };
      const dialStatus = params.DialCallStatus;
      if (dialStatus === undefined || dialStatus === "") return { ok: false, message: "body.DialCallStatus: a <Dial action> request carries the dialled call's status" };
      return { ok: true, webhook: { providerEventId: `${sid}:dial:${token.data}`, payload: { route: "dial", params, token: token.data, dialStatus } } };
    }
    case "record": {
      // The `<Record action>`, or the `<Redirect>` after it when Twilio recorded nothing (it skips the action then).
      const token = WaitToken.safeParse(request.query.get("token"));
      if (!token.success) return { ok: false, message: firstIssue("query.token", token.error) };
      const noAudio = request.query.get("noaudio") === "1";
      return { ok: true, webhook: { providerEventId: `${sid}:record:${token.data}`, payload: { route: "record", params, token: token.data, noAudio } } };
    }
    case "gather":
    case "wait": {
      const token = WaitToken.safeParse(request.query.get("token"));
      if (!token.success) return { ok: false, message: firstIssue("query.token", token.error) };
      if (request.route === "gather") {
        const timedOut = request.query.get("timeout") === "1";
        return { ok: true, webhook: { providerEventId: `${sid}:${token.data}`, payload: { route: "gather", params, token: token.data, timedOut } } };
      }
      const hold: HoldMessage = {
        token: token.data,
        message: request.query.get("message") ?? undefined,
        audio: request.query.get("audio") ?? undefined,
        team: request.query.get("team") ?? undefined,
        voice: request.query.get("voice") ?? undefined,
        language: request.query.get("language") ?? undefined,
      };
      return { ok: true, webhook: { providerEventId: `${sid}:wait:${token.data}`, payload: { route: "wait", params, hold } } };
    }
    case "room":
    case "join":
    case "leg-status": {
      const conversationId = RoomId.safeParse(request.query.get("conversation"));
      if (!conversationId.success) return { ok: false, message: firstIssue("query.conversation", conversationId.error) };
      const participantId = RoomId.safeParse(request.query.get("participant"));
      if (!participantId.success) return { ok: false, message: firstIssue("query.participant", participantId.error) };
      const leg: RoomLegRef = { conversationId: conversationId.data, participantId: participantId.data };
      if (request.route === "join") return { ok: true, webhook: { providerEventId: `${sid}:join`, payload: { route: "join", params, leg } } };
      if (request.route === "leg-status") {
        const callStatus = params.CallStatus;
        if (callStatus === undefined || callStatus === "") return { ok: false, message: "body.CallStatus: a status callback carries the call's status" };
        return { ok: true, webhook: { providerEventId: `${sid}:leg-status:${callStatus}`, payload: { route: "leg-status", params, leg, callStatus } } };
      }
      const token = WaitToken.safeParse(request.query.get("token"));
      if (!token.success) return { ok: false, message: firstIssue("query.token", token.error) };
      const timedOut = request.query.get("timeout") === "1";
      return { ok: true, webhook: { providerEventId: `${sid}:room:${token.data}`, payload: { route: "room", params, leg, token: token.data, timedOut } } };
    }
    default:
      return { ok: false, message: `path: no Twilio voice callback "${request.route}"` };
  }
}
