import { MediaPlaneError } from "../../media/media-plane";

/** Codes of offers the media plane refused for what they say (not for want of resources). */
const OFFER_CODES = new Set(["invalid_sdp", "sdp_too_large", "no_audio", "no_common_codec", "srtp_required", "no_common_crypto"]);

/**
 * The SIP answer to an offer the media plane could not take: 488 Not Acceptable Here with the
 * reason when the SDP is the problem (no audio, no common codec, SRTP), 503 when the server is
 * (no free RTP port, the media process is down).
 */
export function sdpRefusal(error: unknown): { status: 488 | 503; reason: string; detail: string } {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof MediaPlaneError && OFFER_CODES.has(error.code)) return { status: 488, reason: "Not Acceptable Here", detail };
  return { status: 503, reason: "Service Unavailable", detail };
}
