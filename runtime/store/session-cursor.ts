/** Where a page of sessions (newest first) stopped: the last item's start time and id. */
export interface SessionCursor {
  startedAt: number;
  id: string;
}

/** Opaque page cursors for session listings (base64url JSON), so the HTTP layer can pass them through. */
export const sessionCursor = {
  encode(cursor: SessionCursor): string {
    return Buffer.from(JSON.stringify([cursor.startedAt, cursor.id])).toString("base64url");
  },
  /** Undefined when the text is not a cursor this code wrote. */
  decode(text: string): SessionCursor | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [startedAt, id]: unknown[] = parsed;
    if (typeof startedAt !== "number" || !Number.isSafeInteger(startedAt) || typeof id !== "string") return undefined;
    return { startedAt, id };
  },
};
