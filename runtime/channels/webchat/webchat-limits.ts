import { z } from "zod";

/**
 * The web chat socket's abuse limits (README: Configuration). A limit of 0 turns it off.
 * - new visitors: `hello` frames that create a visitor (no token, or one not found), per channel
 *   and client address (IPv6 by /64) — a returning visitor's valid token is never counted, and
 *   loopback addresses are not counted unless `limitLoopback`;
 * - messages: `text` and `button` frames per socket.
 */
export const WebchatLimits = z.object({
  newVisitorsPerIp: z.number().int().min(0),
  newVisitorsWindowMs: z.number().positive(),
  messagesPerSocket: z.number().int().min(0),
  messagesWindowMs: z.number().positive(),
  /** How many reverse proxies stand in front (`TRUST_PROXY`): 0 ignores X-Forwarded-For. */
  trustProxy: z.number().int().min(0),
  /**
   * Count new visitors from loopback addresses too (`WEBCHAT_LIMIT_LOOPBACK`). Off by default: a
   * proxy on the same host without `TRUST_PROXY` makes every visitor 127.0.0.1, and one shared
   * window would then turn away everyone after the first few.
   */
  limitLoopback: z.boolean(),
});
export type WebchatLimits = z.infer<typeof WebchatLimits>;

export const DEFAULT_WEBCHAT_LIMITS: WebchatLimits = {
  newVisitorsPerIp: 20,
  newVisitorsWindowMs: 600_000,
  messagesPerSocket: 30,
  messagesWindowMs: 10_000,
  trustProxy: 0,
  limitLoopback: false,
};
