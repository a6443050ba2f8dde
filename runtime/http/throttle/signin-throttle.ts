import type { Context } from "hono";
import { normalizeEmail } from "../../store/users-repo";
import { clientAddressOf, rateKey } from "../client-address";
import { RetryLater, retryAfterSeconds } from "../retry-later";
import { BoundedKeyMap } from "./bounded-key-map";
import { FailureBackoff } from "./failure-backoff";
import { Tarpit } from "./tarpit";

/** How often a throttled account or address is written to the log (a flood would otherwise write a line per request). */
const LOG_EVERY_MS = 10_000;
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
  /** Refusals wait `refusalHoldMs` (250 ms) before they are answered: a client looping on 429s sends four a second, not thousands. */
  private readonly tarpit: Tarpit;
  /** One "throttled" log line per account or address per 10 s, with the count of those not written. */
  private readonly throttledLines = new BoundedKeyMap<{ loggedAt: number; unlogged: number }>({ maxKeys: 10_000, sweepEveryMs: 60_000, idle: (line, now) => now - line.loggedAt > LOG_EVERY_MS });

  constructor(
    private readonly limits: SigninLimits = DEFAULT_SIGNIN_LIMITS,
    private readonly log: (line: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    const policy = { windowMs: limits.windowMs, delayMs: limits.delayMs, maxDelayMs: limits.maxDelayMs };
    this.tarpit = new Tarpit(limits.refusalHoldMs, 512);
    this.accounts = new FailureBackoff({ ...policy, freeFailures: limits.failuresPerAccount });
    this.addresses = new FailureBackoff({ ...policy, freeFailures: limits.failuresPerAddress });
  }

  /** Like `begin`, but a refusal is answered only after the tarpit's hold (`refusalHoldMs`, or the wait itself when shorter). */
  async admit(c: Context, guess: Guess): Promise<SecretCheck> {
    try {
      return this.begin(c, guess);
    } catch (error) {
      if (error instanceof RetryLater) await this.tarpit.hold(error.retryAfterMs);
      throw error;
    }
  }

  /** Holds another refusal of a sign-in (503 busy) as long as a 429 is held. */
  holdRefusal(retryAfterMs: number): Promise<void> {
    return this.tarpit.hold(retryAfterMs);
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
      const line = this.throttledLines.use(`${reason} ${byAccount.ok ? addressKey : (accountKey ?? "")}`, at, () => ({ loggedAt: -Infinity, unlogged: 0 }));
      if (at - line.loggedAt >= LOG_EVERY_MS) {
        const more = line.unlogged > 0 ? ` (${line.unlogged} more refused since the last line)` : "";
        this.log(`${guess.kind === "sign-in" ? "sign-in" : "setup"} throttled: ${who}: too many failures for ${reason}; retry in ${seconds} s${more}`);
        line.loggedAt = at;
        line.unlogged = 0;
      } else line.unlogged += 1;
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
