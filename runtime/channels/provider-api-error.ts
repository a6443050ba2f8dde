/** A provider's REST API answered with an error status (or could not be reached). */
export class ProviderApiError extends Error {
  override name = "ProviderApiError";
  constructor(
    readonly provider: string,
    /** The HTTP status; 0 when the API could not be reached. */
    readonly status: number,
    readonly body: string,
  ) {
    super(status === 0 ? `${provider} could not be reached: ${body}` : `${provider} answered HTTP ${status}: ${body.slice(0, 300)}`);
  }

  /** The provider refused the credentials: the channel's token is wrong or revoked. */
  get unauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export interface ProviderRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/**
 * One request to a provider's API (base URLs are configuration, so tests point them at a local
 * stand-in). Answers the response text; a non-2xx status or a network failure throws
 * `ProviderApiError`.
 */
export async function providerRequest(provider: string, request: ProviderRequest): Promise<string> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { accept: "application/json", ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(request.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new ProviderApiError(provider, 0, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  if (!response.ok) throw new ProviderApiError(provider, response.status, text);
  return text;
}
