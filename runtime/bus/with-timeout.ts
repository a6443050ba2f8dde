import { BusUnavailable } from "./bus-errors";

/** `work`, or `BusUnavailable` when it fails or takes longer than `ms` (the engine may be black-holed). */
export async function withTimeout<T>(kind: string, what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BusUnavailable(kind, `${what} got no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } catch (error) {
    if (error instanceof BusUnavailable) throw error;
    throw new BusUnavailable(kind, `${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
