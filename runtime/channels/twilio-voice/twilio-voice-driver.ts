import type { Effect, SessionState } from "../../engine/index";
import type { ChannelOf } from "../channel-config";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, DriverContext, ParsedWebhook, ParseResult, Processed, RoomDelivery, WebhookReply, WebhookRequest } from "../channel-driver";
import { verifyTwilioSignature } from "../twilio-signature";
import { checkTwilioAccount } from "../twilio-account";
import { CallSessions } from "./call-sessions";
import { TwilioApiError, updateCall } from "./calls-api";
import { voiceInputBackstopMs } from "../voice-input-backstop";
import { InvitedCalls } from "./invited-calls";
import { parseVoiceWebhook, type VoiceWebhook } from "./parse-voice-webhook";
import { renderSayAndHangup, renderVoiceTwiml } from "./render-twiml";
import { FINAL_CALL_STATUSES } from "./twilio-params";
import { APOLOGY, NOT_AVAILABLE, processVoiceWebhook, twiml } from "./voice-call-events";
import type { VoiceLegsOptions } from "./voice-legs";
import type { VoiceMedia } from "./voice-media";
import { VoiceRoom } from "./voice-room";
import { VoiceUrls } from "./voice-urls";

type VoiceChannel = ChannelOf<"twilio_voice">;

/**
 * Twilio Programmable Voice: TwiML webhooks in, TwiML out, the Calls REST API for what happens
 * between webhooks. See README: "Twilio voice".
 */
export class TwilioVoiceDriver implements ChannelDriver<"twilio_voice", VoiceWebhook> {
  readonly type = "twilio_voice";
  readonly kind = "voice";
  readonly capabilities: ChannelCapabilities = { voice: true, dtmf: true, speech: true, buttons: false, freeText: false };
  readonly webhookPath = "twilio/voice";
  readonly routes = ["", "gather", "record", "status", "wait", "dial", "room", "join", "leg-status"];
  /** Its calls in agent rooms (README: "Voice in agent rooms"). */
  readonly room: VoiceRoom;
  /** Calls placed to invite participants into a room. */
  readonly invites: InvitedCalls;

  /** Which session each call runs in. */
  private readonly calls = new CallSessions();

  constructor(options: VoiceLegsOptions = {}, media?: VoiceMedia) {
    this.room = new VoiceRoom(this.calls, options, media);
    this.invites = new InvitedCalls(this.room);
  }

  webhookUrls(channel: VoiceChannel, publicUrl: string): Record<string, string> {
    const urls = new VoiceUrls(publicUrl, channel.id);
    return { voice: urls.incoming(), statusCallback: urls.status() };
  }

  /**
   * X-Twilio-Signature over `PUBLIC_URL` + path + query and the form parameters, checked by the
   * official package (`twilio.validateRequest`: HMAC-SHA1 with the auth token, constant-time
   * compare, with and without the default port). The request must also name the channel's account.
   */
  verify(request: WebhookRequest, channel: VoiceChannel): boolean {
    return verifyTwilioSignature(request, channel.credentials);
  }

  parse(request: WebhookRequest): ParseResult<VoiceWebhook> {
    return parseVoiceWebhook(request);
  }

  async process(webhook: ParsedWebhook<VoiceWebhook>, channel: VoiceChannel, context: DriverContext): Promise<Processed> {
    const { payload } = webhook;
    switch (payload.route) {
      case "room":
        return this.room.room(payload, channel, context);
      case "join":
        return this.invites.join(payload, channel, context);
      case "leg-status":
        return this.invites.legStatus(payload, context);
      case "status": {
        const processed = await processVoiceWebhook(payload, channel, context, this.calls);
        if (FINAL_CALL_STATUSES.includes(payload.callStatus)) await this.room.callEnded(channel, payload.params.CallSid, context);
        return processed;
      }
      default:
        return processVoiceWebhook(payload, channel, context, this.calls);
    }
  }

  /**
   * Agent rooms → the call: an agent's (or chat customer's) text is said into it, then it goes
   * on listening (or back to hold music); hold, resume and close move it along with the room.
   * System messages are not said: the state changes they announce are (see VoiceRoom).
   */
  async deliver(delivery: RoomDelivery, _channel: VoiceChannel, context: DriverContext): Promise<void> {
    switch (delivery.kind) {
      case "message":
        if (delivery.message.kind === "system") return;
        return this.room.say(delivery.conversationId, delivery.address, delivery.message.body, context);
      case "hold":
      case "closed":
        return this.room.follow(delivery.conversationId, context);
    }
  }

  failed(): WebhookReply {
    return twiml(renderSayAndHangup(APOLOGY));
  }

  /** A disabled channel: the caller hears that the number is not available, and the call ends. */
  disabled(): WebhookReply {
    return twiml(renderSayAndHangup(NOT_AVAILABLE));
  }

  /** Twilio times no-input itself, after the prompts: the runner's timer is only a backstop. */
  inputTimerMs(effects: readonly Effect[], collect: Extract<Effect, { type: "collect" }>): number {
    return voiceInputBackstopMs(effects, collect);
  }

  replay(body: string): WebhookReply {
    return twiml(body);
  }

  /**
   * Effects of a dispatch outside a webhook (the transfer timer, agent rooms answering the
   * transfer, the input backstop, an HTTP timeout after a restart): the live call is redirected
   * to their TwiML over the Calls API. A refused auth token marks the channel `error`.
   */
  async push(state: SessionState, effects: readonly Effect[], channel: VoiceChannel, context: DriverContext): Promise<void> {
    const callSid = state.call.id;
    if (callSid === undefined) return;
    const document = renderVoiceTwiml(effects, new VoiceUrls(context.publicUrl, channel.id));
    try {
      await updateCall(channel.credentials, callSid, document, { baseUrl: context.providerApis.twilio });
    } catch (error) {
      if (error instanceof TwilioApiError && error.unauthorized) {
        await context.channels.setStatus(channel.id, "error", `Twilio refused the credentials (HTTP ${error.status}) when updating call ${callSid}`);
      }
      throw error;
    }
  }

  /** The "Check": the account answers `GET /2010-04-01/Accounts/{AccountSid}.json` with these credentials. */
  check(channel: VoiceChannel, context: DriverContext): Promise<ChannelCheck> {
    return checkTwilioAccount(channel.credentials, context.providerApis.twilio);
  }
}
