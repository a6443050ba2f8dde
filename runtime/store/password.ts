import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { availableParallelism } from "node:os";

/** scrypt cost: 32 MiB and p=3, one of OWASP's equivalent recommended settings. */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (salt and hash base64url), with a random salt. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, params, KEY_LENGTH);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Checks a password against a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) return false;
  const hash = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(hash, parsed.hash);
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return passwordWork.run(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize("NFKC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

/** How much password hashing may go on at once (`PASSWORD_HASH_CONCURRENCY`, `PASSWORD_HASH_QUEUE`). */
export interface PasswordWorkLimits {
  /** Hashes computed at the same time. */
  concurrency: number;
  /** Hashes waiting for a turn; one more is refused at once (`PasswordWorkBusy`). */
  queue: number;
}

/**
 * One fewer than the cores (the event loop keeps one), at least 1 and at most 3: scrypt runs on
 * libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which file reads
 * also need. The queue holds four rounds. `chosen` overrides either.
 */
export function passwordWorkLimits(chosen: { concurrency?: number | undefined; queue?: number | undefined } = {}, cores = availableParallelism()): PasswordWorkLimits {
  const concurrency = chosen.concurrency ?? Math.min(3, Math.max(1, cores - 1));
  return { concurrency, queue: chosen.queue ?? 4 * concurrency };
}

/** Too many passwords are being hashed already: nothing was computed; try again after `retryAfterMs`. */
export class PasswordWorkBusy extends Error {
  constructor(readonly retryAfterMs: number) {
    super("too many passwords are being checked at once");
  }
}

/**
 * Bounds the scrypt work of the process (each one 32 MiB and tens of milliseconds of a core): at
 * most `concurrency` at a time and `queue` waiting, so a flood of sign-ins cannot take all memory
 * or CPU; beyond that `run` throws `PasswordWorkBusy` at once.
 */
export class PasswordWork {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** A running average of how long one hash takes, for the busy answer's retry estimate. */
  private averageMs = 250;

  constructor(private limits: PasswordWorkLimits) {}

  /** New limits (the server's configuration); work already admitted goes on. */
  configure(limits: PasswordWorkLimits): void {
    this.limits = { concurrency: Math.max(1, limits.concurrency), queue: Math.max(0, limits.queue) };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.concurrency) this.running += 1;
    else if (this.waiting.length < this.limits.queue) await new Promise<void>((resolve) => this.waiting.push(resolve)); // the finished one hands its turn over
    else throw new PasswordWorkBusy(Math.ceil(((this.waiting.length + this.running) / this.limits.concurrency) * this.averageMs));
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.running -= 1;
    }
  }
}

/** The process's one bound on password hashing (the thread pool and memory it guards are the process's). */
export const passwordWork = new PasswordWork(passwordWorkLimits());

/** Reads a stored hash; refuses parameters out of sane bounds so a corrupt row cannot stall the server. */
function parseHash(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : Number.NaN));
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const hash = Buffer.from(parts[5] ?? "", "base64url");
  if (N === undefined || r === undefined || p === undefined) return undefined;
  const validN = Number.isInteger(N) && N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0;
  const validRp = Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;
  if (!validN || !validRp || salt.length < 8 || hash.length < 16 || hash.length > 128) return undefined;
  return { params: { N, r, p }, salt, hash };
}
