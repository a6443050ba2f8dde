import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressPolicy } from "./address-policy";
import { performHttpRequest } from "./perform-http-request";

let server: Server;
let base = "";
const seen: Array<{ method: string; url: string; body: string; headers: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", body: Buffer.concat(chunks).toString(), headers: req.headers });
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 3000);
      if (req.url === "/big") return void res.end("x".repeat(5000));
      if (req.url === "/missing") {
        res.statusCode = 404;
        return void res.end('{"error":"no such account"}');
      }
      res.setHeader("content-type", "application/json");
      res.end('{"balance": 42}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const open = { policy: addressPolicy(["127.0.0.1"]) };
const guarded = { policy: addressPolicy([]) };

describe("performHttpRequest", () => {
  it("returns status and body, sending method, headers and body", async () => {
    const outcome = await performHttpRequest(
      { url: `${base}/accounts/1`, method: "POST", headers: { "x-api-key": "k" }, body: '{"a":1}', timeoutSeconds: 5 },
      open,
    );
    expect(outcome).toEqual({ ok: true, status: 200, body: '{"balance": 42}', contentType: "application/json" });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/accounts/1", body: '{"a":1}', headers: { "x-api-key": "k" } });
  });

  it("returns non-2xx answers as they are (the engine sends them to failure)", async () => {
    const outcome = await performHttpRequest({ url: `${base}/missing`, method: "GET", headers: {}, timeoutSeconds: 5 }, open);
    expect(outcome).toMatchObject({ ok: true, status: 404 });
  });

  it("refuses loopback, private, link-local and metadata addresses unless allow-listed", async () => {
    for (const url of [`${base}/x`, "http://10.0.0.1/x", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[::ffff:127.0.0.1]/"]) {
      const outcome = await performHttpRequest({ url, method: "GET", headers: {}, timeoutSeconds: 1 }, guarded);
      expect(outcome, url).toMatchObject({ ok: false, error: "blocked" });
    }
  });

  it("checks the addresses a name resolves to", async () => {
    const outcome = await performHttpRequest({ url: base.replace("127.0.0.1", "localhost"), method: "GET", headers: {}, timeoutSeconds: 2 }, guarded);
    expect(outcome).toMatchObject({ ok: false, error: "blocked" });
  });

  it("lets an allow-listed host name through", async () => {
    const outcome = await performHttpRequest(
      { url: `${base.replace("127.0.0.1", "localhost")}/ok`, method: "GET", headers: {}, timeoutSeconds: 2 },
      { policy: addressPolicy(["localhost"]) },
    );
    expect(outcome).toMatchObject({ ok: true, status: 200 });
  });

  it("gives up after the timeout", async () => {
    const outcome = await performHttpRequest({ url: `${base}/slow`, method: "GET", headers: {}, timeoutSeconds: 1 }, open);
    expect(outcome).toMatchObject({ ok: false, error: "timeout" });
  });

  it("stops reading a response over the size limit", async () => {
    const outcome = await performHttpRequest({ url: `${base}/big`, method: "GET", headers: {}, timeoutSeconds: 2 }, { ...open, maxResponseBytes: 1000 });
    expect(outcome).toMatchObject({ ok: false, error: "too_large" });
  });

  it("reports a refused connection as a network error", async () => {
    const outcome = await performHttpRequest({ url: "http://127.0.0.1:1/", method: "GET", headers: {}, timeoutSeconds: 2 }, open);
    expect(outcome).toMatchObject({ ok: false, error: "network" });
  });

  it("refuses other protocols", async () => {
    const outcome = await performHttpRequest({ url: "file:///etc/passwd", method: "GET", headers: {}, timeoutSeconds: 2 }, open);
    expect(outcome).toMatchObject({ ok: false, error: "blocked" });
  });
});
