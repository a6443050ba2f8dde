import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentClient } from "../../rooms/test-support/agent-client";
import { RoomsServer, type TestAgent } from "../../rooms/test-support/rooms-server";
import { FrameLog } from "../../test-support/frame-log";
import { SESSION_COOKIE } from "../auth/session-cookie";
import { LiveFrame } from "./live-hub";

let rs: RoomsServer;
let boss: TestAgent;
let ana: TestAgent;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  rs = await RoomsServer.start();
  boss = await rs.agent("Boss", { role: "admin", team: null });
  ana = await rs.agent("Ana");
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await rs.stop();
});

const liveUrl = () => rs.wsUrl.replace(/\/ws\/agent$/, "/ws/live");

/** Opens /ws/live as the user; resolves with its frames, or rejects with the refused upgrade's status. */
function watch(as: TestAgent): Promise<FrameLog<LiveFrame>> {
  const log = new FrameLog<LiveFrame>();
  const socket = new WebSocket(liveUrl(), { headers: { cookie: `${SESSION_COOKIE}=${as.token}` } });
  sockets.push(socket);
  socket.on("message", (data: WebSocket.RawData) => log.push(LiveFrame.parse(JSON.parse(data.toString()))));
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(log));
    socket.once("unexpected-response", (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode ?? 0}`)));
    socket.once("error", reject);
  });
}

const frames = (log: FrameLog<LiveFrame>) => log.frames.map((frame) => frame.figures);

describe("the dashboard's live figures (/ws/live)", () => {
  it("is for admins only: an agent gets 403, a stranger 401", async () => {
    await expect(watch(ana)).rejects.toThrow("403");
    await expect(watch({ id: "nobody", name: "Nobody", token: "not-a-token" })).rejects.toThrow("401");
  });

  it("sends the figures on connect, then pushes a queue, an agent coming online and an accepted conversation as they happen", async () => {
    const live = await watch(boss);
    const first = (await live.next("live", () => true, 5_000)).figures;
    expect(first.waiting).toEqual([]);
    expect(first.calls.inProgress).toBe(0);
    expect(first.agents.available + first.agents.busy).toBe(0);
    // Watching is not presence: the admin stays offline for offers.
    expect(rs.server.rooms.presence.isOnline(boss.id)).toBe(false);

    // Ana opens her console: one agent available (a team with nobody online would not queue).
    const desk = await AgentClient.connect(rs.wsUrl, ana.token);
    await desk.next("snapshot");
    desk.startHeartbeats(200);
    await live.next("live", (frame) => frame.figures.agents.available === 1, 5_000);

    const before = Date.now();
    const sessionId = await rs.chat("dana");
    const queued = await live.next("live", (frame) => frame.figures.waiting.length === 1, 5_000);
    expect(queued.figures.waiting).toEqual([{ teamId: "support", teamName: "Support", waiting: 1, oldestWaitingSince: expect.any(String) }]);
    expect(Date.parse(queued.figures.waiting[0]?.oldestWaitingSince ?? "")).toBeGreaterThanOrEqual(before - 1_000);

    const conversation = await rs.server.store.rooms.conversations.findBySession(sessionId);
    expect((await rs.call("POST", `/api/conversations/${conversation?.id ?? ""}/accept`, ana)).status).toBe(200);
    const answered = await live.next("live", (frame) => frame.figures.waiting.length === 0 && frame.figures.agents.busy === 1, 5_000);
    expect(answered.figures.agents.available).toBe(0);
    // Nothing changes: nothing more is sent (a frame per change, not per event).
    const count = live.frames.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(frames(live).slice(count)).toEqual([]);
    await desk.close();
  });
});
