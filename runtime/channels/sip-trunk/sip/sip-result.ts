/** What a SIP parser answers instead of throwing: the value, or why there is none. */
export type SipResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): SipResult<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): SipResult<T> => ({ ok: false, error });
