import type { ApiResponse } from "./test-server";

/** The shapes the tests read back from the API (only the fields they look at). */
export interface StepJson {
  seq: number;
  flowId: string;
  version: number | null;
  nodeId: string;
  nodeType: string;
  outcome: string | null;
  input: string | null;
  at: string;
}

export interface SessionJson {
  id: string;
  flowId: string;
  version: number | null;
  source: "published" | "draft";
  channelType: string;
  status: "active" | "waiting" | "ended";
  stepCount: number;
  endReason: string | null;
  startedAt: string;
  steps: StepJson[];
}

export interface EffectJson {
  type: string;
  nodeId?: string;
  text?: string;
  [key: string]: unknown;
}

export interface SimulationJson {
  sessionId: string;
  status: "active" | "waiting" | "ended";
  effects: EffectJson[];
  currentNodeId: string | null;
  waitingFor: "input" | "http" | "transfer" | null;
  variables: Record<string, unknown>;
  nodes: Record<string, unknown>;
  endReason: string | null;
}

/** `nodeId:outcome` for each step, the way the engine tests write paths. */
export const pathOf = (steps: readonly StepJson[]): string[] => steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);

/** The text of every prompt (voice) or message (chat) effect, in order. */
export const saidIn = (effects: readonly EffectJson[]): string[] =>
  effects.filter((effect) => effect.type === "prompt" || effect.type === "message").map((effect) => effect.text ?? "");

/** One JSON call to a server at `baseUrl`, with a bearer key (or none with `key: null`) and optional extra headers. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined && options.key !== null) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers, text };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `probe` until it returns something defined, or throws after `timeoutMs` with `describe()`. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => string, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(intervalMs);
  }
}

/** Polls `probe` every 25 ms until `ok` holds for what it returns (that value), failing with the last value seen. */
export async function until<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, what: string, ms = 10_000): Promise<T> {
  let last: T | undefined;
  return pollUntil(
    async () => {
      last = await probe();
      return ok(last) ? last : undefined;
    },
    ms,
    () => `${what}: last ${JSON.stringify(last)}`,
    25,
  );
}
