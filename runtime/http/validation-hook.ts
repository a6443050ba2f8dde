import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import { ApiError } from "./api-error";
import type { AppEnv } from "./app-env";

/** `body.document.nodes.0.id`: where a problem is, from the request part and the zod path. */
export function fieldName(target: string, path: ReadonlyArray<PropertyKey>): string {
  const parts = [target === "json" ? "body" : target, ...path.map((segment) => String(segment))];
  return parts.join(".");
}

/** Turns a zod failure on part of a request into a 400 naming the first field at fault. */
export function invalidRequest(target: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((issue) => ({ field: fieldName(target, issue.path), message: issue.message }));
  const first = issues[0];
  return new ApiError(400, "invalid_request", first ? `${first.field}: ${first.message}` : "invalid request", { issues });
}

/** The OpenAPIHono hook: requests that do not match the route's schemas get the 400 above. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw invalidRequest(result.target, result.error);
};
