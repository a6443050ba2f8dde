import { AiError } from "./ai-error";

/** Whether a body is a web page rather than an API answer. */
export const looksLikeHtml = (text: string): boolean => /^\s*<(!doctype|html|head|body|\?xml)\b/i.test(text) || /<html[\s>]/i.test(text.slice(0, 500));

/**
 * Wraps `fetch` so a successful answer that is neither JSON nor an event stream becomes an
 * `AiError` before the `openai` package sees it (it would hand back the text as the answer, or
 * find no events in it): `html` for a web page (a proxy's or a captive portal's), `invalid_json`
 * otherwise. Error statuses go on to the package, which turns them into `APIError`s.
 */
export function answerCheckingFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.ok) return response;
    const type = (response.headers.get("content-type") ?? "").toLowerCase();
    if (type.includes("json") || type.includes("text/event-stream")) return response;
    const text = await response.text();
    if (looksLikeHtml(text) || type.includes("html")) {
      const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
      throw new AiError(`AI provider answered ${response.status} with an HTML page${title ? ` ("${title}")` : ""}, not the API (is the base URL right?)`, "html", response.status);
    }
    throw new AiError(`AI provider answered ${response.status} with ${type || "no content type"}, not JSON: ${text.slice(0, 200)}`, "invalid_json", response.status);
  };
}
