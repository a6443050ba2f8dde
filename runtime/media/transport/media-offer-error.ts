import { ApiError } from "../../http/api-error";
import type { SdpErrorCode } from "../sdp/sdp-error";

/**
 * Why an SDP offer was refused. `invalid_sdp`: not SDP, or SDP without what WebRTC needs (ICE
 * credentials, a DTLS fingerprint); `sdp_too_large`: longer than any real offer; `no_audio`: no
 * usable audio m-line; `no_common_codec`: audio without Opus (WebRTC) or without the G.711 law the
 * channel allows (RTP legs). RTP legs with SRTP also: `srtp_required` (the leg must be SRTP and
 * the SDP is plain RTP/AVP), `no_common_crypto` (RTP/SAVP without an `a=crypto` line we can use).
 * The SIP SDP module (`../sdp/`) refuses with the same codes.
 */
export type MediaOfferErrorCode = SdpErrorCode;

/** A refused offer: an API error (400, or 413 when too large) whose message names what is wrong. */
export class MediaOfferError extends ApiError {
  declare readonly code: MediaOfferErrorCode;

  constructor(code: MediaOfferErrorCode, message: string) {
    super(code === "sdp_too_large" ? 413 : 400, code, message);
    this.name = "MediaOfferError";
  }
}
