import { ApiError } from "./api-error";

/** A refusal the client may retry after a while: the error handler adds `Retry-After` (whole seconds, at least 1). */
export class RetryLater extends ApiError {
  constructor(
    status: 429 | 503,
    code: string,
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(status, code, message);
  }

  get retryAfterSeconds(): number {
    return retryAfterSeconds(this.retryAfterMs);
  }
}

/** Milliseconds as the whole seconds of a `Retry-After` header, rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
