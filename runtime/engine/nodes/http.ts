import type { HttpResult } from "../events";
import { buildHttpRequest } from "../http-request";
import { toJsonValue } from "../json-value";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { JsonValue } from "../session-state";
import type { NodeOf } from "./node-of";

type HttpNode = NodeOf<"http">;

/** The body as JSON when it parses as JSON, else the text itself. */
function parseBody(text: string): JsonValue {
  try {
    return toJsonValue(JSON.parse(text)) ?? text;
  } catch {
    return text;
  }
}

/**
 * http: emit an `http_request` and wait for `http_result`. A 2xx status without error is
 * `success`; any other status, a timeout, a network error, a blocked address or a too large
 * response is `failure`. `nodes.<id>` gets `{status, body}` (status null and `error` set when no
 * response arrived); on success `vars.<storeAs>` gets the body too.
 */
export const httpExecutor = {
  enter(run: Run, node: HttpNode): Outcome {
    const token = run.nextToken();
    run.emit({ type: "http_request", nodeId: node.id, token, ...buildHttpRequest(run, node.data) });
    return { kind: "wait", waiting: { kind: "http", nodeId: node.id, token }, outcome: "waiting" };
  },

  resume(run: Run, node: HttpNode, result: HttpResult): Outcome {
    if (result.error !== undefined || result.status === undefined) {
      run.setNodeResult(node.id, { status: result.status ?? null, body: null, error: result.error ?? "network" });
      return { kind: "follow", handle: "failure" };
    }
    const body = parseBody(result.body ?? "");
    run.setNodeResult(node.id, { status: result.status, body });
    const success = result.status >= 200 && result.status <= 299;
    if (success && node.data.storeAs !== undefined) run.setVar(node.data.storeAs, body);
    return { kind: "follow", handle: success ? "success" : "failure" };
  },
};
