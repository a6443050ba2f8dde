/**
 * Why an SDP cannot be used; a SIP peer gets `488 Not Acceptable Here` for every one of them (the
 * SIP side may answer 413 for `sdp_too_large`). The same codes as `MediaOfferError` (WebRTC), so
 * a refusal reads the same whichever leg it came from.
 * - `invalid_sdp`: not SDP, or a line we cannot read (m=, c=, a port beyond 65535); also IPv6 media on an RTP leg;
 * - `sdp_too_large`: beyond `MAX_SDP_BYTES`;
 * - `no_audio`: no audio m-line, or only a rejected (port 0) or non-RTP one;
 * - `no_common_codec`: none of the codecs we take (a re-offer that drops the call's codec too);
 * - `srtp_required`: SRTP is required (TLS trunk, or our RTP/SAVP offer) and the SDP is plain RTP/AVP;
 * - `no_common_crypto`: RTP/SAVP without an `a=crypto` line we can use, or SRTP offered to a plain leg.
 */
export type SdpErrorCode = "invalid_sdp" | "sdp_too_large" | "no_audio" | "no_common_codec" | "srtp_required" | "no_common_crypto";

export interface SdpError {
  code: SdpErrorCode;
  /** Says what is missing: "the SDP has no audio m-line", "no common codec: offered G729, G722; we take PCMU, PCMA". */
  message: string;
}

export type SdpResult<T> = { ok: true; value: T } | { ok: false; error: SdpError };

export const sdpFail = (code: SdpErrorCode, message: string): { ok: false; error: SdpError } => ({ ok: false, error: { code, message } });
