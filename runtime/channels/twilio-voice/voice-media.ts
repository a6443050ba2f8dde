import type { StreamParameters } from "../../media/streams/twilio-stream-messages";

/**
 * The media plane as Twilio voice rooms need it (`createChannelRuntime`'s `voiceMedia`): whether
 * an agent can hear a caller on their softphone, and the one-time `<Parameter>`s of a call about
 * to be moved to `<Connect><Stream>`. The bridging itself is the media plane's (`StreamAgents`).
 */
export interface VoiceMedia {
  /** The agent's softphone leg is connected. */
  softphoneReady(userId: string): boolean;
  expectStream(channelId: string, callSid: string, conversationId: string): StreamParameters;
}
