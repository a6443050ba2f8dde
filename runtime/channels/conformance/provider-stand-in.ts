import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

const JsonObject = z.record(z.string(), z.unknown());

let sequence = 0;
/** A process-wide order of things that reached a customer (stand-in requests, webhook answers): Twilio's TwiML and REST messages interleave by it. */
export const nextSequence = (): number => ++sequence;

/** One request the runtime made to a provider's API (or a flow's HTTP callback). */
export interface CapturedRequest {
  /** When it arrived, in `nextSequence` order. */
  seq: number;
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StandInReply {
  status: number;
  body: unknown;
}

type Handler = (request: CapturedRequest) => StandInReply | undefined;

const TWILIO_ACCOUNT = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\.json$/;
const TWILIO_MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;
const TWILIO_CALL = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Calls\/(CA[0-9a-fA-F]{32})\.json$/;
const GRAPH_MESSAGES = /^\/(v[0-9]+\.[0-9]+)\/([0-9]+)\/messages$/;
const GRAPH_CALLS = /^\/(v[0-9]+\.[0-9]+)\/([0-9]+)\/calls$/;
const GRAPH_PERMISSIONS = /^\/(v[0-9]+\.[0-9]+)\/([0-9]+)\/call_permissions$/;
const GRAPH_NUMBER = /^\/(v[0-9]+\.[0-9]+)\/([0-9]+)$/;
const TELEGRAM = /^\/bot([^/]+)\/([A-Za-z]+)$/;

/**
 * A local HTTP server standing in for Twilio's REST API, Meta's Graph API and Telegram's Bot API
 * (every base URL points here in tests), answering the way they document and capturing every
 * request for exact checks of paths, auth headers and bodies. `reply(path, …)` overrides one
 * path (e.g. a 401, or a flow's HTTP callback); Telegram's `getWebhookInfo` reports what
 * `setWebhook` set last.
 */
export class ProviderStandIn {
  readonly requests: CapturedRequest[] = [];
  private readonly overrides = new Map<string, StandInReply | Handler>();
  private readonly webhooks = new Map<string, string>();
  private server: Server | undefined;
  private base = "";
  private counter = 0;

  get url(): string {
    return this.base;
  }

  /** Answers `path` (no query) with this reply, or with what the handler returns, from now on. */
  reply(path: string, reply: StandInReply | Handler): void {
    this.overrides.set(path, reply);
  }

  /** Stops overriding `path`. */
  restore(path: string): void {
    this.overrides.delete(path);
  }

  /** Requests whose path matches, in order. */
  to(path: string | RegExp): CapturedRequest[] {
    return this.requests.filter((request) => (typeof path === "string" ? request.path === path : path.test(request.path)));
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://stand-in");
        const request: CapturedRequest = { seq: nextSequence(), method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        this.requests.push(request);
        const override = this.overrides.get(request.path);
        const reply = (typeof override === "function" ? override(request) : override) ?? this.answer(request);
        res.statusCode = reply.status;
        res.setHeader("content-type", "application/json");
        res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("the stand-in has no port");
    this.base = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;
    this.server = server;
  }

  close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  /** What the real APIs answer to a valid request. */
  private answer(request: CapturedRequest): StandInReply {
    this.counter += 1;
    const n = this.counter.toString(16).padStart(32, "0");
    const twilioAccount = TWILIO_ACCOUNT.exec(request.path);
    if (twilioAccount !== null && request.method === "GET") return { status: 200, body: { sid: twilioAccount[1], friendly_name: "Acme test account", status: "active", type: "Full" } };
    if (TWILIO_MESSAGES.test(request.path) && request.method === "POST") {
      const form = new URLSearchParams(request.body);
      return { status: 201, body: { sid: `SM${n}`, status: "queued", from: form.get("From"), to: form.get("To"), body: form.get("Body") } };
    }
    const call = TWILIO_CALL.exec(request.path);
    if (call !== null && request.method === "POST") return { status: 200, body: { sid: call[2], status: "in-progress" } };
    const graphMessages = GRAPH_MESSAGES.exec(request.path);
    if (graphMessages !== null && request.method === "POST") {
      const to = JsonObject.parse(JSON.parse(request.body)).to;
      return { status: 200, body: { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.${n}` }] } };
    }
    // Call actions (pre_accept, accept, reject, terminate; connect answers the new call's id): MEDIA.md 5.3.
    if (GRAPH_CALLS.test(request.path) && request.method === "POST") {
      if (JsonObject.parse(JSON.parse(request.body)).action === "connect") return { status: 200, body: { messaging_product: "whatsapp", calls: [{ id: `wacid.${n}` }] } };
      return { status: 200, body: { messaging_product: "whatsapp", success: true } };
    }
    // Call permissions (MEDIA.md 5.6): by default the user has not allowed calls and may be asked.
    if (GRAPH_PERMISSIONS.test(request.path) && request.method === "GET") {
      return {
        status: 200,
        body: {
          messaging_product: "whatsapp",
          permission: { status: "no_permission" },
          actions: [
            { action_name: "send_call_permission_request", can_perform_action: true, limits: [{ time_period: "PT24H", max_allowed: 1, current_usage: 0 }] },
            { action_name: "start_call", can_perform_action: false, limits: [{ time_period: "PT24H", max_allowed: 100, current_usage: 0 }] },
          ],
        },
      };
    }
    const graphNumber = GRAPH_NUMBER.exec(request.path);
    if (graphNumber !== null && request.method === "GET") return { status: 200, body: { verified_name: "Acme Dental", display_phone_number: "+1 555-000-1234", id: graphNumber[2], quality_rating: "GREEN" } };
    const telegram = TELEGRAM.exec(request.path);
    if (telegram !== null && request.method === "POST") return this.telegram(telegram[1] ?? "", telegram[2] ?? "", request.body);
    return { status: 404, body: { error: `the stand-in has no route for ${request.method} ${request.path}` } };
  }

  private telegram(token: string, method: string, body: string): StandInReply {
    const params = body === "" ? {} : JsonObject.parse(JSON.parse(body));
    switch (method) {
      case "getMe":
        return { status: 200, body: { ok: true, result: { id: Number(token.split(":")[0]), is_bot: true, first_name: "Acme", username: "acme_test_bot" } } };
      case "sendMessage":
        return { status: 200, body: { ok: true, result: { message_id: this.counter, chat: { id: params.chat_id, type: "private" }, date: 1700000000, text: params.text } } };
      case "answerCallbackQuery":
        return { status: 200, body: { ok: true, result: true } };
      case "setWebhook":
        this.webhooks.set(token, typeof params.url === "string" ? params.url : "");
        return { status: 200, body: { ok: true, result: true, description: "Webhook was set" } };
      case "getWebhookInfo":
        return { status: 200, body: { ok: true, result: { url: this.webhooks.get(token) ?? "", has_custom_certificate: false, pending_update_count: 0 } } };
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: "Not Found: method not found" } };
    }
  }
}
