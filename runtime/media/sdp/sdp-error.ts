/** Why an SDP cannot be used; a SIP peer gets `488 Not Acceptable Here` for every one of them. */
export type SdpErrorCode = "not_sdp" | "too_large" | "no_audio" | "no_common_codec" | "srtp_mismatch" | "rejected";

export interface SdpError {
  code: SdpErrorCode;
  /** Says what is missing: "the offer has no audio m-line", "no common codec: offered G729, G722; we take PCMU, PCMA". */
  message: string;
}

export type SdpResult<T> = { ok: true; value: T } | { ok: false; error: SdpError };

export const sdpFail = (code: SdpErrorCode, message: string): { ok: false; error: SdpError } => ({ ok: false, error: { code, message } });
