import type { MiddlewareHandler } from "hono";
import { ApiError } from "./api-error";
import { CHANGES_STATE } from "./auth/refuse-cross-site";

/**
 * Requests that change state send JSON or nothing: a body, or a Content-Type, other than
 * `application/json` is 415 `unsupported_media_type`, naming it — also on routes that take no
 * body, so an HTML form (urlencoded, multipart or text/plain, the types a page may post
 * elsewhere without asking) never reaches them. `ownTypes` names the routes that take another
 * type and check it themselves (`"POST /api/audio"`, a multipart upload).
 */
export function jsonBodies(ownTypes: ReadonlySet<string> = new Set()): MiddlewareHandler {
  return async (c, next) => {
    if (!CHANGES_STATE.has(c.req.method) || ownTypes.has(`${c.req.method} ${c.req.path}`)) return next();
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type === undefined || type === "") {
      const length = c.req.header("content-length");
      const hasBody = (length !== undefined && length.trim() !== "0") || c.req.header("transfer-encoding") !== undefined;
      if (hasBody) throw new ApiError(415, "unsupported_media_type", "the body has no Content-Type: send it as application/json");
      return next();
    }
    if (type !== "application/json") throw new ApiError(415, "unsupported_media_type", `Content-Type ${type} is not accepted here: send application/json`);
    return next();
  };
}
