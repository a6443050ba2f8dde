import type { Context } from "hono";
import { normalizeEmail } from "../../store/users-repo";
import { clientAddressOf, rateKey } from "../client-address";
import { RetryLater, retryAfterSeconds } from "../retry-later";
import { FailureBackoff } from "./failure-backoff";
import { DEFAULT_SIGNIN_LIMITS, type SigninLimits } from "./signin-limits";

/** One admitted check of a password or secret: say how it went (exactly once). */
export interface SecretCheck {
  /** Right: the account's failures are forgotten (the address's are not). */
  succeeded(): void;
  /** Wrong: counted for the account and the address, and logged. */
  failed(): void;
  /** Never checked (e.g. the server was too busy): not counted. */
  cancel(): void;
}

/** What is being checked: a sign-in to `email`, or the first-start setup token (counted per address only). */
export type Guess = { kind: "sign-in"; email: string } | { kind: "setup token" };

/**
 * Slows down password and secret guessing before anything is hashed: exponential delays per
 * account and per client address (`FailureBackoff`), answered 429 with `Retry-After`. Failed and
 * throttled attempts are logged with the address (and the email), never the password.
 */
export class SigninThrottle {
  private readonly accounts: FailureBackoff;
  private readonly addresses: FailureBackoff;

  constructor(
    private readonly limits: SigninLimits = DEFAULT_SIGNIN_LIMITS,
    private readonly log: (line: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    const policy = { windowMs: limits.windowMs, delayMs: limits.delayMs, maxDelayMs: limits.maxDelayMs };
    this.accounts = new FailureBackoff({ ...policy, freeFailures: limits.failuresPerAccount });
    this.addresses = new FailureBackoff({ ...policy, freeFailures: limits.failuresPerAddress });
  }

  /** Before checking: throws `RetryLater` (429) while the account or the address must wait; else the check to report on. */
  begin(c: Context, guess: Guess): SecretCheck {
    const address = clientAddressOf(c, this.limits.trustProxy);
    const addressKey = rateKey(address);
    const accountKey = guess.kind === "sign-in" ? normalizeEmail(guess.email) : undefined;
    const who = `${guess.kind === "sign-in" ? `${JSON.stringify(guess.email)} ` : ""}from address ${address}`;
    const at = this.now();

    const byAccount = accountKey === undefined ? { ok: true as const } : this.accounts.attempt(accountKey, at);
    const byAddress = byAccount.ok ? this.addresses.attempt(addressKey, at) : { ok: true as const };
    if (!byAccount.ok || !byAddress.ok) {
      if (byAccount.ok && accountKey !== undefined) this.accounts.forgive(accountKey);
      const retryAfterMs = byAccount.ok ? (byAddress.ok ? 0 : byAddress.retryAfterMs) : byAccount.retryAfterMs;
      const reason = byAccount.ok ? "this address" : "this account";
      const seconds = retryAfterSeconds(retryAfterMs);
      this.log(`${guess.kind === "sign-in" ? "sign-in" : "setup"} throttled: ${who}: too many failures for ${reason}; retry in ${seconds} s`);
      throw new RetryLater(429, "too_many_attempts", `too many failed attempts for ${reason}: try again in ${seconds} s`, retryAfterMs);
    }

    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    return {
      succeeded: () =>
        settle(() => {
          if (accountKey !== undefined) this.accounts.reset(accountKey);
          this.addresses.forgive(addressKey);
        }),
      failed: () =>
        settle(() => {
          const now = this.now();
          if (accountKey !== undefined) this.accounts.failed(accountKey, now);
          this.addresses.failed(addressKey, now);
          this.log(guess.kind === "sign-in" ? `sign-in failed: ${who}` : `setup token refused ${who}`);
        }),
      cancel: () =>
        settle(() => {
          if (accountKey !== undefined) this.accounts.forgive(accountKey);
          this.addresses.forgive(addressKey);
        }),
    };
  }
}
