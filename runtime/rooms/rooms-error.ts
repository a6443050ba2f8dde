/** A refused room action, with a stable `code` and the HTTP `status` it maps to (like the store's errors). */
export class RoomsError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** From a store error value (`{status, code, message}`). */
  static from(error: { status: number; code: string; message: string }): RoomsError {
    const status = error.status === 400 || error.status === 403 || error.status === 404 ? error.status : 409;
    return new RoomsError(status, error.code, error.message);
  }
}
