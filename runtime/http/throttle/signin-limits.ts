import { z } from "zod";

/**
 * The sign-in throttle's settings (README: Configuration). Failures counted per account (the
 * email, whether or not it exists) and per client address (IPv6 by /64); a limit of 0 turns it off.
 */
export const SigninLimits = z
  .object({
    /** Failures per account within the window before delays start. */
    failuresPerAccount: z.number().int().min(0),
    /** Failures per client address (any accounts, and setup tokens) within the window before delays start. */
    failuresPerAddress: z.number().int().min(0),
    /** How long a failure counts. */
    windowMs: z.number().positive(),
    /** The first delay; it doubles with each further failure. */
    delayMs: z.number().positive(),
    /** The longest delay. */
    maxDelayMs: z.number().positive(),
    /** How long a 429 is held before it is answered (a client looping on refusals sends a few a second, not thousands); 0 answers at once. */
    refusalHoldMs: z.number().int().min(0).max(10_000),
    /** How many reverse proxies stand in front (`TRUST_PROXY`): 0 ignores X-Forwarded-For. */
    trustProxy: z.number().int().min(0),
  })
  .refine((limits) => limits.maxDelayMs >= limits.delayMs, { message: "the longest delay must be at least the first one", path: ["maxDelayMs"] });
export type SigninLimits = z.infer<typeof SigninLimits>;

export const DEFAULT_SIGNIN_LIMITS: SigninLimits = {
  failuresPerAccount: 5,
  failuresPerAddress: 20,
  windowMs: 3_600_000,
  delayMs: 1_000,
  maxDelayMs: 900_000,
  refusalHoldMs: 250,
  trustProxy: 0,
};
