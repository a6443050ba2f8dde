import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ServerFrame } from "../../../runtime/http/ws/agent-frames";
import { AgentConnection, type SocketStatus } from "./agent-connection";
import { agent } from "./testing/room-views";

/** A WebSocket stand-in: records what is sent, lets the test open, speak and close it. */
class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  readonly sent: unknown[] = [];

  constructor(readonly url: string) {
    super();
    FakeSocket.all.push(this);
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.dispatchEvent(new Event("close"));
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event("open"));
  }
  receive(frame: unknown): void {
    this.dispatchEvent(new MessageEvent("message", { data: typeof frame === "string" ? frame : JSON.stringify(frame) }));
  }
  /** The server went away. */
  drop(): void {
    this.close();
  }
}

const page = new EventTarget();
const network = { onLine: true };
let frames: ServerFrame[];
let statuses: SocketStatus[];
let line: AgentConnection;
const latest = (): FakeSocket => {
  const socket = FakeSocket.all[FakeSocket.all.length - 1];
  if (socket === undefined) throw new Error("no socket opened");
  return socket;
};
const snapshot = { type: "snapshot", seq: 1, agent: agent("ann"), offers: [], conversations: [] };

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("window", page);
  vi.stubGlobal("navigator", network);
  network.onLine = true;
  FakeSocket.all = [];
  frames = [];
  statuses = [];
  line = new AgentConnection({ onFrame: (frame) => frames.push(frame), onStatus: (status) => statuses.push(status) }, () => "ws://console.test/ws/agent");
  line.start();
});

afterEach(() => {
  line.stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("the agent socket's line", () => {
  it("passes on the frames that match the protocol and ignores the rest", () => {
    latest().open();
    latest().receive(snapshot);
    latest().receive("not json");
    latest().receive({ type: "offer", seq: 2 });
    latest().receive({ type: "heartbeat_ack", at: "2026-11-22T05:00:00.000Z" });
    expect(frames.map((frame) => frame.type)).toEqual(["snapshot", "heartbeat_ack"]);
    expect(statuses).toEqual(["connecting", "open"]);
  });

  it("sends a heartbeat every 10 s while the server answers", () => {
    latest().open();
    vi.advanceTimersByTime(10_000);
    latest().receive({ type: "heartbeat_ack", at: "2026-11-22T05:00:10.000Z" });
    vi.advanceTimersByTime(10_000);
    expect(latest().sent).toEqual([{ type: "heartbeat" }, { type: "heartbeat" }]);
  });

  it("drops a socket that stays silent and connects again", () => {
    latest().open();
    vi.advanceTimersByTime(30_000);
    expect(FakeSocket.all[0]?.readyState).toBe(FakeSocket.CLOSED);
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("reconnects with growing delays, and from the start once a snapshot arrived", () => {
    const reconnectsAfter = (): number => {
      const before = FakeSocket.all.length;
      latest().drop();
      let waited = 0;
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      return waited;
    };
    const first = reconnectsAfter();
    const second = reconnectsAfter();
    const third = reconnectsAfter();
    expect(first).toBeLessThanOrEqual(600);
    expect(second).toBeGreaterThanOrEqual(800);
    expect(third).toBeGreaterThanOrEqual(1600);
    latest().open();
    latest().receive(snapshot);
    line.settled();
    expect(reconnectsAfter()).toBeLessThanOrEqual(600);
  });

  it("goes offline with the browser and reconnects at once when it is back", () => {
    latest().open();
    network.onLine = false;
    page.dispatchEvent(new Event("offline"));
    expect(statuses[statuses.length - 1]).toBe("offline");
    expect(latest().readyState).toBe(FakeSocket.CLOSED);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    network.onLine = true;
    page.dispatchEvent(new Event("online"));
    expect(FakeSocket.all).toHaveLength(2);
    expect(statuses[statuses.length - 1]).toBe("connecting");
  });

  it("stops for good: no reconnect after stop()", () => {
    latest().open();
    line.stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(line.send({ type: "heartbeat" })).toBe(false);
  });
});
