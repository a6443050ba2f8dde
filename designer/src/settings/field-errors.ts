import { ApiRequestError } from "../api/api-client";

/** Problems by top-level body field (`holdAudio`, `capacity`…). */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * A refused request as problems by field: a 400 names them in `details.issues` (`body.capacity`)
 * or its message (`body.holdAudio: audio … does not exist`). `message` is what names no field.
 */
export function fieldErrorsOf(error: unknown): { fields: FieldErrors; message: string | undefined } {
  const fields: FieldErrors = {};
  if (error instanceof ApiRequestError && error.status === 400) {
    const details = error.details;
    const issues = typeof details === "object" && details !== null && "issues" in details && Array.isArray(details.issues) ? details.issues : [];
    for (const issue of issues) {
      if (typeof issue !== "object" || issue === null || !("field" in issue) || !("message" in issue)) continue;
      const { field, message } = issue;
      const name = typeof field === "string" ? /^body\.(\w+)/.exec(field)?.[1] : undefined;
      if (name !== undefined && typeof message === "string") fields[name] ??= message;
    }
    const named = /^body\.(\w+)[\w.]*: (.*)$/s.exec(error.message);
    if (Object.keys(fields).length === 0 && named?.[1] !== undefined && named[2] !== undefined) fields[named[1]] = named[2];
    if (Object.keys(fields).length > 0) return { fields, message: undefined };
  }
  return { fields, message: error instanceof Error ? error.message : String(error) };
}
