import twilio from "twilio";
import type { Effect, SessionState } from "../../engine/index";
import type { ChannelOf } from "../channel-config";
import type { ChannelCapabilities, ChannelCheck, ChannelDriver, DriverContext, ParsedWebhook, ParseResult, Processed, WebhookReply, WebhookRequest } from "../channel-driver";
import { checkTwilioAccount } from "../twilio-account";
import { TwilioApiError, updateCall } from "./calls-api";
import { extendVoiceInputTimer } from "./input-backstop";
import { parseVoiceWebhook, type VoiceWebhook } from "./parse-voice-webhook";
import { renderSayAndHangup, renderVoiceTwiml } from "./render-twiml";
import { formParams } from "./twilio-params";
import { APOLOGY, NOT_AVAILABLE, processVoiceWebhook, twiml } from "./voice-call-events";
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
  readonly routes = ["", "gather", "status", "wait"];

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
    const signature = request.headers.get("x-twilio-signature");
    if (signature === null || signature === "") return false;
    const params = formParams(request.body);
    if (!twilio.validateRequest(channel.credentials.authToken, signature, request.url, params)) return false;
    const account = params.AccountSid;
    return account === undefined || account === channel.credentials.accountSid;
  }

  parse(request: WebhookRequest): ParseResult<VoiceWebhook> {
    return parseVoiceWebhook(request);
  }

  process(webhook: ParsedWebhook<VoiceWebhook>, channel: VoiceChannel, context: DriverContext): Promise<Processed> {
    return processVoiceWebhook(webhook.payload, channel, context);
  }

  failed(): WebhookReply {
    return twiml(renderSayAndHangup(APOLOGY));
  }

  /** A disabled channel: the caller hears that the number is not available, and the call ends. */
  disabled(): WebhookReply {
    return twiml(renderSayAndHangup(NOT_AVAILABLE));
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
    await extendVoiceInputTimer(context.store, state.sessionId, effects, context.runner.clock().getTime());
  }

  /** The "Check": the account answers `GET /2010-04-01/Accounts/{AccountSid}.json` with these credentials. */
  check(channel: VoiceChannel, context: DriverContext): Promise<ChannelCheck> {
    return checkTwilioAccount(channel.credentials, context.providerApis.twilio);
  }
}
