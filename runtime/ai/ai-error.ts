import { ProviderError } from "../provider-endpoint/provider-error";

/**
 * Why a model turn failed, in a word the `ai_agent` node can put in its `failed` reason:
 * - `html`: the provider answered a web page (a proxy's or a login page), not the API
 * - `invalid_json`: the answer (or a streamed event) is not the JSON the API sends
 * - `invalid_tool_arguments`: the model called a tool with arguments that are not a JSON object
 * - `truncated`: the answer was cut at the token limit (`finish_reason: "length"`) in the middle of a tool call
 * - `timeout`: no complete answer within the turn's `timeoutSeconds`, retries included
 * - `rate_limited`: 429, still after the retries that fit in the time
 * - `unavailable`: 5xx, still after the retries
 * - `refused`: another 4xx (wrong key, unknown model, bad request): the provider's message
 * - `blocked`: the SSRF guard refused the address (HTTP_CALLBACK_ALLOWLIST)
 * - `network`: the connection failed or broke
 * - `aborted`: the caller cancelled the turn
 */
export type AiErrorKind =
  | "html"
  | "invalid_json"
  | "invalid_tool_arguments"
  | "truncated"
  | "timeout"
  | "rate_limited"
  | "unavailable"
  | "refused"
  | "blocked"
  | "network"
  | "aborted";

/** A model turn failed: `kind` says why, `status` is the provider's HTTP status when it answered. */
export class AiError extends ProviderError<AiErrorKind> {
  override name = "AiError";
}
