import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeSipMessage } from "./sip-message";
import { MAX_MESSAGE_BYTES, parseSipMessage, type SipParseResult } from "./sip-parse";
import { SipStreamFramer } from "./sip-stream-framer";

const fixtures = join(import.meta.dirname, "fixtures");
const seeds: Buffer[] = [
  ...readdirSync(join(fixtures, "captured")).map((name) => readFileSync(join(fixtures, "captured", name))),
  ...readdirSync(join(fixtures, "rfc4475"))
    .filter((name) => name.endsWith(".dat"))
    .map((name) => readFileSync(join(fixtures, "rfc4475", name))),
];
const ERROR_CODES = ["too_large", "not_sip", "bad_start_line", "unsupported_version", "too_many_headers", "bad_header", "missing_header", "bad_content_length", "body_truncated", "cseq_method_mismatch"];

/** One mutation of a message's bytes, as real breakage looks: flipped bytes, cut lines, lying lengths. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant("insertText" as const), at: fc.nat(), text: fc.constantFrom(";", ",", '"', "<", ">", ":", "\r\n", "\r\n ", "\n", " ", "\\", "=", "@", "%", "[", "]", "\0", "sip:", "z9hG4bK", "SIP/2.0") }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicateLine" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("dropLine" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("contentLength" as const), value: fc.oneof(fc.integer({ min: -10, max: 70_000 }).map(String), fc.constantFrom("", "abc", "1e3", "0x10", " 5 ", "99999999999999999999")) }),
  fc.record({ kind: fc.constant("repeat" as const), text: fc.constantFrom("a ", ";x", ",", "\\\"", "<", "Via: SIP/2.0/UDP h;branch=z9hG4bKx\r\n", "X: y\r\n"), times: fc.integer({ min: 100, max: 20_000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(input: Buffer, change: Mutation): Buffer {
  const at = (n: number) => (input.length === 0 ? 0 : n % (input.length + 1));
  switch (change.kind) {
    case "flip": {
      const copy = Buffer.from(input);
      if (copy.length > 0) copy[change.at % copy.length] = change.byte;
      return copy;
    }
    case "insert":
      return Buffer.concat([input.subarray(0, at(change.at)), Buffer.from(change.bytes), input.subarray(at(change.at))]);
    case "insertText":
      return Buffer.concat([input.subarray(0, at(change.at)), Buffer.from(change.text), input.subarray(at(change.at))]);
    case "delete":
      return Buffer.concat([input.subarray(0, at(change.at)), input.subarray(at(change.at) + change.length)]);
    case "truncate":
      return input.subarray(0, at(change.at));
    case "duplicateLine":
    case "dropLine": {
      const lines = input.toString("latin1").split("\r\n");
      const index = lines.length === 0 ? 0 : change.line % lines.length;
      if (change.kind === "dropLine") lines.splice(index, 1);
      else lines.splice(index, 0, lines[index] ?? "");
      return Buffer.from(lines.join("\r\n"), "latin1");
    }
    case "contentLength":
      return Buffer.from(input.toString("latin1").replace(/^(Content-Length|l)[ \t]*:.*$/im, `Content-Length: ${change.value}`), "latin1");
    case "repeat": {
      const index = input.indexOf("\r\n");
      const cut = index < 0 ? input.length : index + 2;
      return Buffer.concat([input.subarray(0, cut), Buffer.from(change.text.repeat(change.times)), input.subarray(cut)]);
    }
  }
}

/** Every property the parser promises for any input: a typed result, never a throw. */
function checkResult(result: SipParseResult): void {
  expect(["message", "keepalive", "error"]).toContain(result.kind);
  if (result.kind === "error") {
    expect(ERROR_CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe("string");
    if (result.error.answer) {
      expect(result.error.answer.request.kind).toBe("request");
      expect(result.error.answer.request.method).not.toBe("ACK");
      expect([400, 505]).toContain(result.error.answer.status);
    }
  }
  if (result.kind === "message") {
    expect(result.core.via.length).toBeGreaterThan(0);
    // What we accept we can send on: it serializes and reads back the same.
    const again = parseSipMessage(serializeSipMessage(result.message));
    expect(again.kind).toBe("message");
    if (again.kind === "message") {
      expect(again.core.callId).toBe(result.core.callId);
      expect(again.core.cseq).toEqual(result.core.cseq);
      expect(again.message.body.equals(result.message.body)).toBe(true);
    }
  }
}

describe("parseSipMessage under fuzzing", () => {
  it("mutated real messages: a typed result, never a throw, in bounded time", () => {
    let slowest = 0;
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seedIndex, changes) => {
        const input = changes.reduce(apply, seeds[seedIndex] ?? Buffer.alloc(0));
        const started = performance.now();
        const result = parseSipMessage(input);
        slowest = Math.max(slowest, performance.now() - started);
        checkResult(result);
      }),
      { numRuns: 3000 },
    );
    // "Does not hang": the slowest parse of a ≤ 64 KB input, with generous room for a loaded machine.
    expect(slowest).toBeLessThan(250);
  });

  it("random bytes: a typed result, never a throw", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => checkResult(parseSipMessage(Buffer.from(bytes)))),
      { numRuns: 2000 },
    );
  });

  it("pathological 64 KB headers parse in bounded time", () => {
    const invite = seeds[0] ?? Buffer.alloc(0);
    const head = (line: string) => {
      const body = line.repeat(Math.floor((MAX_MESSAGE_BYTES - 600) / line.length));
      return Buffer.from(invite.toString("latin1").replace("\r\nTo:", `\r\nTo: ${body}\r\nX-To:`), "latin1");
    };
    for (const line of ["a ", ";", ";a=", '"\\', "<", ",", " ", "%", "sip:a@", "\\\\\""]) {
      const started = performance.now();
      checkResult(parseSipMessage(head(line)));
      expect(performance.now() - started, JSON.stringify(line)).toBeLessThan(250);
    }
  });
});

describe("SipStreamFramer under fuzzing", () => {
  const wellFormed = seeds.map((seed) => parseSipMessage(seed)).flatMap((result) => (result.kind === "message" ? [serializeSipMessage(result.message)] : []));

  it("cuts a stream of messages chunked anywhere into the same messages", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(wellFormed.length - 1), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 30 }), (picks, cuts) => {
        const stream = Buffer.concat(picks.map((index) => Buffer.concat([Buffer.from(index % 3 === 0 ? "\r\n\r\n" : ""), wellFormed[index] ?? Buffer.alloc(0)])));
        const framer = new SipStreamFramer();
        const got: Buffer[] = [];
        let offset = 0;
        let cut = 0;
        while (offset < stream.length) {
          const size = cuts[cut++ % cuts.length] ?? 1;
          for (const item of framer.push(stream.subarray(offset, offset + size))) {
            if (item.kind === "parsed" && item.result.kind === "message") got.push(serializeSipMessage(item.result.message));
            else if (item.kind === "parsed") throw new Error(`unexpected ${JSON.stringify(item.result)}`);
          }
          offset += size;
        }
        expect(got.map((bytes) => bytes.toString("latin1"))).toEqual(picks.map((index) => (wellFormed[index] ?? Buffer.alloc(0)).toString("latin1")));
        expect(framer.buffered).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("mutated streams: typed results, never a throw, memory bounded", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(wellFormed.length - 1), { minLength: 1, maxLength: 4 }), fc.array(mutation, { maxLength: 3 }), fc.integer({ min: 1, max: 5000 }), (picks, changes, chunk) => {
        const stream = changes.reduce(apply, Buffer.concat(picks.map((index) => wellFormed[index] ?? Buffer.alloc(0))));
        const framer = new SipStreamFramer();
        for (let offset = 0; offset < stream.length; offset += chunk) {
          for (const item of framer.push(stream.subarray(offset, offset + chunk))) if (item.kind === "parsed") checkResult(item.result);
          expect(framer.buffered).toBeLessThanOrEqual(MAX_MESSAGE_BYTES + chunk);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a 64 KB head fed one byte at a time is refused in linear time and closes the stream", () => {
    const framer = new SipStreamFramer();
    const started = performance.now();
    const items = [];
    const head = Buffer.from(`INVITE sip:a@b SIP/2.0\r\nX: ${"y".repeat(MAX_MESSAGE_BYTES)}`);
    for (let i = 0; i < head.length; i++) items.push(...framer.push(head.subarray(i, i + 1)));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(items).toEqual([{ kind: "parsed", result: { kind: "error", error: expect.objectContaining({ code: "too_large" }) }, close: true, bytes: Buffer.alloc(0) }]);
  });
});
