import type { MiddlewareHandler } from "hono";
import { bytesViolation, FLOW_LIMITS, findLimitViolations, type LimitViolation } from "../../flow-schema/limits";
import { ApiError } from "./api-error";
import { bodySizeLimit } from "./body-size-limit";

const limitError = (status: 413 | 422, violation: LimitViolation) =>
  new ApiError(status, violation.code, violation.message, { limit: violation.limit, max: violation.max, actual: violation.actual, pointer: violation.pointer });

/**
 * Route middleware for requests that carry a flow document: a body over `FLOW_LIMITS.maxBytes` is
 * refused with 413 `flow_too_large` before it is read as JSON (by its Content-Length, or while it streams).
 */
export const documentBytesLimit: MiddlewareHandler = bodySizeLimit({
  maxSize: FLOW_LIMITS.maxBytes,
  refuse: (declaredBytes) => limitError(413, bytesViolation(declaredBytes)),
});

/** Refuses a document (any JSON: ours, older, a Whatomate graph) over the node, edge or string limits with 422, naming the first. */
export function refuseOverLimits(body: unknown): void {
  const [first] = findLimitViolations(body, FLOW_LIMITS, 1);
  if (first) throw limitError(422, first);
}
