import { CallEndStatus, type EngineEvent } from "../../engine/index";
import type { DialResultStatus } from "../../engine/events";
import type { DispatchResult } from "../../sessions/session-runner";
import { FlowNotPublished } from "../../sessions/session-errors";
import type { ChannelOf } from "../channel-config";
import type { DriverContext, Processed, WebhookReply } from "../channel-driver";
import type { CallSessions } from "./call-sessions";
import type { FlowWebhook } from "./parse-voice-webhook";
import { renderEmpty, renderHangup, renderHoldTwiml, renderSayAndHangup, renderVoiceTwiml } from "./render-twiml";
import { VoiceUrls } from "./voice-urls";

type VoiceChannel = ChannelOf<"twilio_voice">;
type Webhook<R extends FlowWebhook["route"]> = Extract<FlowWebhook, { route: R }>;

/** What callers hear when the line cannot run its flow. */
export const APOLOGY = "Sorry, we cannot take your call right now. Please try again later. Goodbye.";
/** What callers of a disabled channel hear. */
export const NOT_AVAILABLE = "Sorry, this number is not available at the moment. Goodbye.";

export const twiml = (body: string): WebhookReply => ({ status: 200, contentType: "text/xml; charset=utf-8", body });

/** The TwiML for what a dispatch did. */
async function answer(result: DispatchResult, channel: VoiceChannel, context: DriverContext): Promise<Processed> {
  return { reply: twiml(renderVoiceTwiml(result.effects, new VoiceUrls(context.publicUrl, channel.id))), sessionId: result.sessionId };
}

/**
 * An incoming call: start a session on the channel's flow (its published version); the runner
 * gives it a new time-ordered id (see CallSessions). A retried incoming webhook never gets here:
 * the inbound log answers it with the first answer.
 */
async function incoming(webhook: Webhook<"incoming">, channel: VoiceChannel, context: DriverContext, calls: CallSessions): Promise<Processed> {
  const { CallSid, From, To, CallerName } = webhook.params;
  try {
    const started = await context.runner.start({
      flowId: channel.flowId,
      source: "published",
      channel: { kind: "voice", type: "twilio_voice", id: channel.id },
      contact: From === "" ? "anonymous" : From,
      caller: { ...(From === "" ? {} : { phone: From }), ...(CallerName === undefined || CallerName === "" ? {} : { name: CallerName }) },
      call: { id: CallSid, from: From, to: To },
    });
    calls.remember(channel.id, CallSid, started.sessionId);
    return await answer(started, channel, context);
  } catch (error) {
    if (error instanceof FlowNotPublished) {
      const problem = `flow ${channel.flowId} has no published version: callers hear an apology`;
      context.log(`twilio_voice ${channel.id}: ${problem} (call ${CallSid})`);
      return { reply: twiml(renderSayAndHangup(APOLOGY)), problem };
    }
    throw error;
  }
}

/** What the caller did at a `<Gather>`: keys, speech, or nothing (the `<Redirect>` marked timeout=1). */
function gatherEvent(webhook: Webhook<"gather">, token: string): EngineEvent {
  const { params } = webhook;
  if (webhook.timedOut) return { type: "timeout", token };
  if (params.Digits !== undefined && params.Digits !== "") return { type: "digits", digits: params.Digits, token };
  if (params.SpeechResult !== undefined && params.SpeechResult.trim() !== "") {
    return { type: "speech", text: params.SpeechResult, token, ...(params.Confidence === undefined ? {} : { confidence: params.Confidence }) };
  }
  return { type: "timeout", token };
}

/**
 * A `<Gather>` answer. An answer for an older wait of the same call (its token was replaced by the
 * runner's backstop timer while Twilio was still gathering) is given to the current wait instead
 * of being dropped, so what the caller pressed is not lost.
 */
async function gather(webhook: Webhook<"gather">, channel: VoiceChannel, context: DriverContext, calls: CallSessions): Promise<Processed> {
  const sessionId = await calls.find(channel.id, webhook.params.CallSid, context);
  if (sessionId === undefined || (await context.runner.peek(sessionId)) === undefined) {
    context.log(`twilio_voice ${channel.id}: gather callback for unknown call ${webhook.params.CallSid}`);
    return { reply: twiml(renderHangup()) };
  }
  let result = await context.runner.dispatch(sessionId, gatherEvent(webhook, webhook.token));
  const waiting = result.state.waiting;
  if (result.effects.length === 0 && waiting?.kind === "input" && waiting.token !== webhook.token) {
    result = await context.runner.dispatch(sessionId, gatherEvent(webhook, waiting.token));
  }
  if (result.effects.length === 0) {
    context.log(`twilio_voice ${channel.id}: ignored gather callback ${webhook.token} of call ${webhook.params.CallSid} (session ${result.status})`);
    return { reply: twiml(result.status === "ended" ? renderHangup() : renderEmpty()), sessionId };
  }
  return answer(result, channel, context);
}

/**
 * A status callback: a final status (completed, busy, failed, no-answer, canceled) ends the session
 * with that status as its end reason (`abandoned` while it waited for an agent).
 */
async function status(webhook: Webhook<"status">, channel: VoiceChannel, context: DriverContext, calls: CallSessions): Promise<Processed> {
  const sessionId = await calls.find(channel.id, webhook.params.CallSid, context);
  const head = sessionId === undefined ? undefined : await context.runner.peek(sessionId);
  if (sessionId === undefined || head === undefined) return { reply: twiml(renderEmpty()) };
  const callStatus = CallEndStatus.safeParse(webhook.callStatus);
  if (callStatus.success && head.state.status !== "ended") {
    const ended = await context.runner.dispatch(sessionId, { type: "hangup", callStatus: callStatus.data });
    context.log(`twilio_voice ${channel.id}: call ${webhook.params.CallSid} ${webhook.callStatus}; session ${sessionId} ${ended.status} (${ended.endReason ?? "-"})`);
  }
  return { reply: twiml(renderEmpty()), sessionId };
}

/** The `<Enqueue waitUrl>` document: waiting message, then hold music (the transfer's, else its team's, else `hold`). */
async function wait(webhook: Webhook<"wait">, channel: VoiceChannel, context: DriverContext, calls: CallSessions): Promise<Processed> {
  const sessionId = await calls.find(channel.id, webhook.params.CallSid, context);
  const known = sessionId !== undefined && (await context.runner.peek(sessionId)) !== undefined;
  const { hold } = webhook;
  const teamAudio = hold.audio === undefined && hold.team !== undefined ? (await context.store.teams.defaults(hold.team))?.holdAudio : undefined;
  const audio = hold.audio ?? teamAudio ?? undefined;
  return { reply: twiml(renderHoldTwiml({ ...hold, audio }, new VoiceUrls(context.publicUrl, channel.id))), ...(known ? { sessionId } : {}) };
}

/** Twilio's DialCallStatus → the dial node's handle (`answered`: connected, then the caller's side ended it). */
const DIAL_STATUSES: Record<string, DialResultStatus> = {
  completed: "completed",
  answered: "completed",
  busy: "busy",
  "no-answer": "no_answer",
  failed: "failed",
  canceled: "failed",
};

/**
 * A `<Dial action>`: the dialled call ended. Its DialCallStatus becomes the dial node's result
 * (with DialCallDuration), and the TwiML of what the flow does next is the answer. A status Twilio
 * did not document is `failed`, named in the reason.
 */
async function dial(webhook: Webhook<"dial">, channel: VoiceChannel, context: DriverContext, calls: CallSessions): Promise<Processed> {
  const sessionId = await calls.find(channel.id, webhook.params.CallSid, context);
  if (sessionId === undefined || (await context.runner.peek(sessionId)) === undefined) {
    context.log(`twilio_voice ${channel.id}: dial action for unknown call ${webhook.params.CallSid}`);
    return { reply: twiml(renderHangup()) };
  }
  const status = DIAL_STATUSES[webhook.dialStatus] ?? "failed";
  const reason = webhook.dialStatus === "canceled" ? "the dialled call was canceled before it was answered" : status === "failed" ? `Twilio reported DialCallStatus ${webhook.dialStatus}` : undefined;
  const result = await context.runner.dispatch(sessionId, {
    type: "dial_result",
    status,
    durationSeconds: webhook.params.DialCallDuration ?? 0,
    ...(reason === undefined ? {} : { reason }),
    token: webhook.token,
  });
  if (result.effects.length === 0) {
    context.log(`twilio_voice ${channel.id}: ignored dial action ${webhook.token} of call ${webhook.params.CallSid} (session ${result.status})`);
    return { reply: twiml(result.status === "ended" ? renderHangup() : renderEmpty()), sessionId };
  }
  return answer(result, channel, context);
}

/**
 * A `<Record>` action (or the redirect after it when nothing was recorded): the record node's
 * answer. Digits `hangup`: the caller left while recording (the recording is kept). The
 * recording stays at Twilio; `url` is its media URL (fetched with the account's credentials).
 */
async function record(webhook: Webhook<"record">, channel: VoiceChannel, context: DriverContext, calls: CallSessions): Promise<Processed> {
  const sessionId = await calls.find(channel.id, webhook.params.CallSid, context);
  const session = sessionId === undefined ? undefined : await context.runner.peek(sessionId);
  if (sessionId === undefined || session === undefined) {
    context.log(`twilio_voice ${channel.id}: record callback for unknown call ${webhook.params.CallSid}`);
    return { reply: twiml(renderHangup()) };
  }
  const event = recordResultEvent(webhook);
  // The recording is kept with the session (its audio stays at Twilio), when it answers the wait it was made for.
  const waiting = session.state.waiting;
  if (event.type === "record_result" && event.recording !== undefined && waiting?.kind === "record" && waiting.token === webhook.token) {
    const { recording } = event;
    await context.store.sessionRecordings.add({
      id: recording.id,
      sessionId,
      nodeId: waiting.nodeId,
      callId: webhook.params.CallSid,
      source: "twilio",
      path: null,
      remoteUrl: recording.url,
      contentType: "audio/wav",
      durationMs: Math.round(recording.durationSeconds * 1000),
      bytes: null,
      finishKey: recording.digits ?? null,
    });
  }
  const result = await context.runner.dispatch(sessionId, event);
  if (result.effects.length === 0) return { reply: twiml(result.status === "ended" ? renderHangup() : renderEmpty()), sessionId };
  return answer(result, channel, context);
}

function recordResultEvent(webhook: Webhook<"record">): EngineEvent {
  const { params, token } = webhook;
  const hungUp = params.Digits === "hangup";
  const { RecordingSid: sid, RecordingUrl: url, RecordingDuration: seconds } = params;
  // The finish key that ended it (Digits), as the media plane's recordings carry it.
  const digits = hungUp || params.Digits === undefined || params.Digits === "" ? undefined : params.Digits.slice(0, 10);
  const recording =
    webhook.noAudio || sid === undefined || url === undefined || seconds === undefined || seconds === 0 ? undefined : { id: sid, url, durationSeconds: seconds, ...(digits === undefined ? {} : { digits }) };
  const result = hungUp ? "hangup" : recording === undefined ? "no_audio" : "recorded";
  return { type: "record_result", result, token, ...(recording === undefined ? {} : { recording }) };
}

/** Applies one Twilio voice request. */
export function processVoiceWebhook(webhook: FlowWebhook, channel: VoiceChannel, context: DriverContext, calls: CallSessions): Promise<Processed> {
  switch (webhook.route) {
    case "incoming":
      return incoming(webhook, channel, context, calls);
    case "gather":
      return gather(webhook, channel, context, calls);
    case "status":
      return status(webhook, channel, context, calls);
    case "wait":
      return wait(webhook, channel, context, calls);
    case "dial":
      return dial(webhook, channel, context, calls);
    case "record":
      return record(webhook, channel, context, calls);
  }
}
