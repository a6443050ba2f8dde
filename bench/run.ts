import { benchAiAgent } from "./ai-agent.bench";
import { benchAiClient } from "./ai-client.bench";
import { benchAnalytics } from "./analytics.bench";
import { benchAudio } from "./audio.bench";
import { benchBusLag } from "./bus-lag.bench";
import { benchDbCopy } from "./db-copy.bench";
import { benchDesignerRender } from "./designer-render.bench";
import { benchFlowPattern } from "./flow-pattern.bench";
import { benchMediaCodecs } from "./media-codecs.bench";
import { benchMediaPlane } from "./media-plane.bench";
import { benchOfferLatency } from "./offer-latency.bench";
import { benchRtpLegs } from "./rtp-legs.bench";
import { benchRuntimeLoad } from "./runtime-load.bench";
import { benchSchemaValidate } from "./schema-validate.bench";
import { benchSipCalls } from "./sip-calls.bench";
import { benchSpeech } from "./speech.bench";
import { benchSpeechCalls } from "./speech-calls.bench";
import { benchSigninFlood } from "./signin-flood.bench";
import { benchTwilioStreams } from "./twilio-streams.bench";
import { benchTwilioVoice } from "./twilio-voice.bench";
import { benchWebRtcTransport } from "./webrtc-transport.bench";
import { benchWhatsAppCalls } from "./whatsapp-calls.bench";

/**
 * `npm run bench`: every benchmark in one run, so ratios compare like with like.
 * The last line printed is one JSON object with all the figures.
 */
const results: Record<string, number> = {};
Object.assign(results, benchSchemaValidate());
Object.assign(results, benchFlowPattern());
Object.assign(results, await benchRuntimeLoad());
Object.assign(results, await benchTwilioVoice());
Object.assign(results, await benchOfferLatency());
Object.assign(results, await benchAudio());
Object.assign(results, await benchSigninFlood());
Object.assign(results, benchMediaCodecs());
Object.assign(results, await benchMediaPlane());
Object.assign(results, await benchTwilioStreams());
Object.assign(results, await benchWhatsAppCalls());
Object.assign(results, await benchRtpLegs());
Object.assign(results, await benchSipCalls());
Object.assign(results, await benchDbCopy());
Object.assign(results, await benchAnalytics());
Object.assign(results, await benchBusLag());
Object.assign(results, await benchDesignerRender());
Object.assign(results, await benchWebRtcTransport());
Object.assign(results, await benchSpeech());
Object.assign(results, await benchSpeechCalls());
Object.assign(results, await benchAiClient());
Object.assign(results, await benchAiAgent());
console.log(JSON.stringify(results));
