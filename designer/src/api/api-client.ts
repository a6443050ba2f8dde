/** A failed API call: the server's `{error: {code, message, details}}`. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

function errorFrom(status: number, body: unknown): ApiRequestError {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = body.error;
    if (typeof error === "object" && error !== null) {
      const code = "code" in error && typeof error.code === "string" ? error.code : "error";
      const message = "message" in error && typeof error.message === "string" ? error.message : `request failed (${status})`;
      return new ApiRequestError(status, code, message, "details" in error ? error.details : undefined);
    }
  }
  return new ApiRequestError(status, "error", `request failed (${status})`, undefined);
}

/** Calls the runtime's API with the session cookie; JSON in, JSON out; throws ApiRequestError. */
export async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiRequestError(0, "network", "the server cannot be reached", undefined);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) throw errorFrom(response.status, parsed);
  return parsed;
}
