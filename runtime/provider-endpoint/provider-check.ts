import { z } from "zod";
import { ProviderError } from "./provider-error";

/** The answer of a provider's Check: what it answered, or its error, and how long it took. `id` names the OpenAPI component. */
export function providerCheckSchema(id: string, message: string) {
  return z
    .object({
      ok: z.boolean(),
      message: z.string().describe(message),
      latencyMs: z.number().describe("From sending the request to the answer"),
      status: z.number().int().nullable().describe("The provider's HTTP status, when it answered"),
    })
    .meta({ id });
}
export type ProviderCheck = z.infer<ReturnType<typeof providerCheckSchema>>;

/** Runs one real request against a provider and reports it: its message on success, the error's otherwise (its HTTP status when a `ProviderError` carries one). */
export async function runProviderCheck(request: () => Promise<string>): Promise<ProviderCheck> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const message = await request();
    return { ok: true, message, latencyMs: latency(), status: 200 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, latencyMs: latency(), status: error instanceof ProviderError ? (error.status ?? null) : null };
  }
}
