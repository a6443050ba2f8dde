import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOW_LIMITS } from "../../flow-schema/limits";
import { startTestServer, TEST_API_KEY, type TestServer } from "../test-support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const CHUNK = 256 * 1024;

/** A body that arrives slowly, as from a client on a slow link: `chunks` pieces of 256 KB, `pauseMs` apart. */
function slowBody(chunks: number, pauseMs: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    async pull(controller) {
      if (sent === chunks) return controller.close();
      if (sent > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      sent += 1;
    },
  });
}

async function post(path: string, body: ReadableStream<Uint8Array>) {
  const init = { method: "POST", headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" }, body, duplex: "half" };
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as { error: { code: string; details?: { limit?: string } } } };
}

/**
 * A client that, like undici's fetch with a buffered body, reads the answer only once it has sent
 * the whole body: it declares `bytes` in Content-Length and sends them slowly. Answers the raw
 * response text, or the socket error that ended it.
 */
function uploadThenRead(path: string, bytes: number, pauseMs: number): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = "";
    socket.pause();
    socket.on("data", (data) => {
      received += data.toString("latin1");
    });
    socket.on("error", (error) => resolve(`${received}\n[socket error: ${error.message}]`));
    socket.on("end", () => resolve(received));
    socket.write(`POST ${path} HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${TEST_API_KEY}\r\ncontent-type: application/json\r\ncontent-length: ${bytes}\r\nconnection: close\r\n\r\n`);
    let left = bytes;
    const sendMore = () => {
      if (socket.destroyed) return;
      if (left === 0) {
        socket.resume();
        return;
      }
      const size = Math.min(CHUNK, left);
      left -= size;
      socket.write(new Uint8Array(size).fill(0x20), () => setTimeout(sendMore, pauseMs));
    };
    sendMore();
  });
}

describe("a body over the limit that keeps arriving after it is refused", () => {
  it("gets its 413 JSON answer when the client reads only after sending a declared Content-Length over a second or two", async () => {
    const raw = await uploadThenRead("/api/flows", FLOW_LIMITS.maxBytes + 16 * CHUNK, 80);
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw).toContain('"code":"flow_too_large"');
  });

  it("gets it when the body is streamed without a length (chunked) for about 2.5 s", async () => {
    // The last 16 pieces come after the limit is passed: over a second, longer than @hono/node-server's 500 ms drain.
    const chunks = Math.ceil(FLOW_LIMITS.maxBytes / CHUNK) + 16;
    const res = await post("/api/flows", slowBody(chunks, 80));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "flow_too_large", details: { limit: "maxBytes" } });
  });

  it("the same for the API's general 8 MB limit", async () => {
    const res = await post("/api/teams", slowBody(8 * 4 + 16, 80));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("too_large");
  });

  it("still accepts a streamed body under the limit", async () => {
    const document = new TextEncoder().encode(JSON.stringify({ id: "streamed", name: "Streamed" }));
    const res = await post("/api/teams", new ReadableStream({ start: (c) => (c.enqueue(document), c.close()) }));
    expect(res.status).not.toBe(413);
  });
});
