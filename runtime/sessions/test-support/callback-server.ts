import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  body: string;
  headers: IncomingMessage["headers"];
}

export type CallbackReply = { status: number; body: string } | ((request: SeenRequest, response: ServerResponse) => void);

/** A real HTTP server on 127.0.0.1 answering flow callbacks: one reply per path, recording every request. */
export class CallbackServer {
  readonly requests: SeenRequest[] = [];
  private readonly replies = new Map<string, CallbackReply>();
  private server: Server | undefined;
  private base = "";

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return this.base;
  }

  reply(path: string, reply: CallbackReply): void {
    this.replies.set(path, reply);
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const seen: SeenRequest = { method: req.method ?? "", url: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: req.headers };
        this.requests.push(seen);
        const reply = this.replies.get(new URL(seen.url, "http://x").pathname);
        if (reply === undefined) {
          res.statusCode = 404;
          res.end('{"error":"no route"}');
        } else if (typeof reply === "function") {
          reply(seen, res);
        } else {
          res.statusCode = reply.status;
          res.setHeader("content-type", "application/json");
          res.end(reply.body);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("the callback server has no port");
    this.base = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;
    this.server = server;
  }

  close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
