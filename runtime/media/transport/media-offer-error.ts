import { ApiError } from "../../http/api-error";

/**
 * Why an SDP offer was refused. `invalid_sdp`: not SDP, or SDP without what WebRTC needs (ICE
 * credentials, a DTLS fingerprint); `sdp_too_large`: longer than any real offer; `no_audio`: no
 * usable audio m-line; `no_common_codec`: audio without Opus.
 */
export type MediaOfferErrorCode = "invalid_sdp" | "sdp_too_large" | "no_audio" | "no_common_codec";

/** A refused offer: an API error (400, or 413 when too large) whose message names what is wrong. */
export class MediaOfferError extends ApiError {
  declare readonly code: MediaOfferErrorCode;

  constructor(code: MediaOfferErrorCode, message: string) {
    super(code === "sdp_too_large" ? 413 : 400, code, message);
    this.name = "MediaOfferError";
  }
}
