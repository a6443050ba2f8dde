import { z } from "zod";
import { ProviderError } from "./provider-error";

const checkShape = (message: string) => ({
  ok: z.boolean(),
  message: z.string().describe(message),
  latencyMs: z.number().describe("From sending the request to the answer"),
  status: z.number().int().nullable().describe("The provider's HTTP status, when it answered"),
});

/** The answer of a provider's Check: what it answered, or its error, and how long it took; `extra` fields a provider adds. `id` names the OpenAPI component. */
export function providerCheckSchema<Extra extends z.ZodRawShape>(id: string, message: string, extra: Extra) {
  return z.object({ ...checkShape(message), ...extra }).meta({ id });
}
export type ProviderCheck = z.infer<z.ZodObject<ReturnType<typeof checkShape>>>;

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
