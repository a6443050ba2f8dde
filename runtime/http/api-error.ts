import { z } from "zod";

/** Every error the API answers: `{"error": {"code", "message", "details"}}`. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe("Stable machine-readable code, e.g. invalid_request, not_found, revision_conflict"),
      message: z.string().describe("What went wrong, naming the field when one is at fault"),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;

/** Thrown by handlers; the app's error handler turns it into the JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/**
 * Bad input in one field: the message names it (`body.to: …`, with an optional hint in brackets)
 * and `details.issues` carries it for forms to show under the field.
 */
export function fieldError(status: ErrorStatus, code: string, field: string, message: string, hint?: string): ApiError {
  return new ApiError(status, code, `${field}: ${message}${hint === undefined ? "" : ` (${hint})`}`, { issues: [{ field, message }] });
}

/** A store failure (`{code, status, message}`) as an API error. */
export function fromStoreError(error: { code: string; status: number; message: string }, details?: unknown): ApiError {
  const statuses: readonly ErrorStatus[] = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503];
  const status = statuses.find((candidate) => candidate === error.status) ?? 500;
  return new ApiError(status, error.code, error.message, details);
}

/** The error responses every route may give, for the OpenAPI document. */
export function errorResponses(...statuses: ErrorStatus[]) {
  const descriptions: Record<ErrorStatus, string> = {
    400: "Bad input; the message names the field",
    401: "Not signed in: send a session cookie or `Authorization: Bearer <api key>`",
    403: "Signed in, but this role may not do that",
    404: "Not found",
    409: "Conflict with the current state",
    413: "Too large",
    415: "Unsupported media type",
    422: "The flow document has errors (details.diagnostics) or goes over a size limit (details.limit, max, actual, pointer)",
    429: "Too many requests",
    500: "Server error",
    502: "A provider's API refused the request or could not be reached; the message says what it answered",
    503: "Not ready",
  };
  const responses: Record<string, { description: string; content: { "application/json": { schema: typeof ErrorBody } } }> = {};
  for (const status of statuses) responses[String(status)] = { description: descriptions[status], content: { "application/json": { schema: ErrorBody } } };
  return responses;
}
