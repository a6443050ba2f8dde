import { benchAudio } from "./audio.bench";
import { benchDesignerRender } from "./designer-render.bench";
import { benchMediaCodecs } from "./media-codecs.bench";
import { benchMediaPlane } from "./media-plane.bench";
import { benchOfferLatency } from "./offer-latency.bench";
import { benchRuntimeLoad } from "./runtime-load.bench";
import { benchSchemaValidate } from "./schema-validate.bench";
import { benchTwilioVoice } from "./twilio-voice.bench";

/**
 * `npm run bench`: every benchmark in one run, so ratios compare like with like.
 * The last line printed is one JSON object with all the figures.
 */
const results: Record<string, number> = {};
Object.assign(results, benchSchemaValidate());
Object.assign(results, await benchRuntimeLoad());
Object.assign(results, await benchTwilioVoice());
Object.assign(results, await benchOfferLatency());
Object.assign(results, await benchAudio());
Object.assign(results, benchMediaCodecs());
Object.assign(results, await benchMediaPlane());
Object.assign(results, await benchDesignerRender());
console.log(JSON.stringify(results));
