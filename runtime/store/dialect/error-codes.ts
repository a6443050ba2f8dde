/**
 * The `code`s along an error and its causes (drizzle wraps the driver's error in a
 * `DrizzleQueryError` whose `cause` it is), for the dialects' `isForeignKeyViolation`.
 */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let at: unknown = error, depth = 0; typeof at === "object" && at !== null && depth < 5; depth++) {
    if ("code" in at && typeof at.code === "string") codes.push(at.code);
    at = "cause" in at ? at.cause : undefined;
  }
  return codes;
}
