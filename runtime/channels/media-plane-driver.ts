import type { Effect, SessionState } from "../engine/index";
import type { MediaCalls } from "../media/calls/media-calls";
import type { ChannelCapabilities, ParseResult, Processed, WebhookReply } from "./channel-driver";
import { voiceInputBackstopMs } from "./voice-input-backstop";

/**
 * Media-plane calls take keys (RFC 4733), and speech where the server has a recogniser
 * (`MediaCalls.recognisesSpeech`; without one the validator warns `channel_unsupported`).
 */
export const MEDIA_PLANE_CAPABILITIES: ChannelCapabilities = { voice: true, dtmf: true, speech: false, buttons: false, freeText: false };

const json = (status: number, code: string, message: string): WebhookReply => ({ status, contentType: "application/json", body: JSON.stringify({ error: { code, message, details: null } }) });

/**
 * What the drivers of channels whose calls run on the media plane share (browser voice, SIP
 * trunks): no webhooks (their calls arrive over their own signalling and `MediaCalls` runs them),
 * effects of timers and agent rooms reach the call through `push`, and the runner's input timer is
 * a backstop behind the prompts. `what` names the channel in refusals ("browser voice").
 */
export abstract class MediaPlaneDriver {
  readonly kind = "voice";

  get capabilities(): ChannelCapabilities {
    return { ...MEDIA_PLANE_CAPABILITIES, speech: this.calls?.recognisesSpeech === true };
  }
  readonly routes: readonly string[] = [];

  protected constructor(
    protected readonly calls: MediaCalls | undefined,
    private readonly what: string,
    private readonly arrival: string,
  ) {}

  verify(): boolean {
    return false;
  }

  parse(): ParseResult<never> {
    return { ok: false, message: `${this.what} has no webhooks: ${this.arrival}` };
  }

  async process(): Promise<Processed> {
    return { reply: json(404, "not_found", `${this.what} has no webhooks`) };
  }

  failed(): WebhookReply {
    return json(500, "internal", "processing failed");
  }

  disabled(): WebhookReply {
    return json(403, "channel_disabled", `this ${this.what} channel is disabled`);
  }

  replay(body: string): WebhookReply {
    return { status: 200, contentType: "application/json", body };
  }

  /** The call plays its prompts before the silence is timed (by the media plane): the runner's timer is a backstop. */
  inputTimerMs(effects: readonly Effect[], collect: Extract<Effect, { type: "collect" }>): number {
    return voiceInputBackstopMs(effects, collect);
  }

  async push(state: SessionState, effects: readonly Effect[]): Promise<void> {
    this.calls?.push(state, effects);
  }
}
