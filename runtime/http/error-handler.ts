import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { PasswordWorkBusy } from "../store/password";
import { ApiError } from "./api-error";
import { RetryLater } from "./retry-later";

/** Every failure becomes the JSON error body; unexpected ones are logged and answered 500. */
export function errorHandler(log: (line: string) => void) {
  return (error: Error, c: Context): Response => {
    if (error instanceof PasswordWorkBusy) {
      error = new RetryLater(503, "busy", "the server is checking too many passwords at once: try again in a moment", error.retryAfterMs);
    }
    if (error instanceof RetryLater) c.header("Retry-After", String(error.retryAfterSeconds));
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    if (error instanceof HTTPException) {
      const status = error.status;
      const malformed = status === 400 && /json/i.test(error.message);
      const body = new ApiError(400, malformed ? "invalid_json" : "bad_request", malformed ? "body: not valid JSON" : error.message).body();
      if (status === 413) return c.json(new ApiError(413, "too_large", "the request body is too large").body(), 413);
      return c.json(body, 400);
    }
    log(`error ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json(new ApiError(500, "internal_error", "something went wrong on the server; it has been logged").body(), 500);
  };
}
