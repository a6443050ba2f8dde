/** RFC 3261 §17.1.1.1 timer values, in milliseconds. */
export interface SipTimerValues {
  /** RTT estimate: first retransmission interval (500 ms). */
  t1: number;
  /** Longest retransmission interval for non-INVITE requests and 2xx responses (4 s). */
  t2: number;
  /** How long a message may stay in the network (5 s). */
  t4: number;
}

export const DEFAULT_SIP_TIMERS: SipTimerValues = { t1: 500, t2: 4000, t4: 5000 };

/** Calls `fire` after `ms` without keeping the process alive for it; returns the cancel function. */
export function after(ms: number, fire: () => void): () => void {
  const handle = setTimeout(fire, ms);
  handle.unref?.();
  return () => clearTimeout(handle);
}
