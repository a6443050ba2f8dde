import { getHeader, headerHasToken, type SipRequest } from "./sip-message";

/** RFC 4028 §4: the smallest Session-Expires we accept (and the default Min-SE). */
export const DEFAULT_MIN_SE = 90;

/** What an INVITE/UPDATE asked for (RFC 4028): the interval in seconds and who refreshes. */
export interface SessionTimerRequest {
  interval: number;
  refresher: "uac" | "uas" | undefined;
  /** The UAC supports timer (`Supported: timer`): it can be the refresher. */
  uacSupports: boolean;
}

/** Reads Session-Expires (`x`) and Supported of a request; undefined when it has no Session-Expires. */
export function readSessionTimer(request: SipRequest): SessionTimerRequest | undefined {
  const value = getHeader(request, "session-expires");
  if (value === undefined) return undefined;
  const match = /^(\d{1,10})\s*(?:;(.*))?$/.exec(value.trim());
  if (!match) return undefined;
  const refresher = /(?:^|;)\s*refresher\s*=\s*(uac|uas)\b/i.exec(match[2] ?? "")?.[1]?.toLowerCase();
  return {
    interval: Number(match[1]),
    refresher: refresher === "uac" || refresher === "uas" ? refresher : undefined,
    uacSupports: headerHasToken(request, "supported", "timer") || headerHasToken(request, "require", "timer"),
  };
}

/** The session timer agreed for a dialog, from the UAS side. */
export interface AgreedSessionTimer {
  interval: number;
  refresher: "uac" | "uas";
  /** Header fields for our 2xx: Session-Expires and Require: timer. */
  headers: Array<[string, string]>;
}

/**
 * The UAS side of RFC 4028 §9 for a request with Session-Expires: too small → 422 with Min-SE;
 * otherwise the interval, with the UAC as refresher whenever it supports timer (we need not be
 * the refresher). A UAC without timer support (a proxy added Session-Expires) gets no session
 * timer from us: the 2xx omits it, which RFC 4028 allows.
 */
export function agreeSessionTimer(request: SessionTimerRequest | undefined, minSE = DEFAULT_MIN_SE): { reject: 422; minSE: number } | AgreedSessionTimer | undefined {
  if (!request) return undefined;
  if (request.interval < minSE) return { reject: 422, minSE };
  if (!request.uacSupports) return undefined;
  const refresher = request.refresher ?? "uac";
  return { interval: request.interval, refresher, headers: [["Session-Expires", `${request.interval};refresher=${refresher}`], ["Require", "timer"]] };
}

/**
 * RFC 4028 §10: the side that does not refresh sends BYE when the session expires without a
 * refresh: at the interval minus min(32 s, interval / 3).
 */
export function expiryDelayMs(interval: number): number {
  return (interval - Math.min(32, interval / 3)) * 1000;
}
