import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil, type SessionJson } from "../../test-support/api-client";
import { ChildRuntime, killAllChildRuntimes } from "../../test-support/child-runtime";
import { freePort } from "../../test-support/free-port";
import { WeriftPeer } from "../../media/test-support/werift-peer";
import { webvoiceSocketUrl } from "./webvoice-driver";
import { voiceDeskFlow } from "./test-support/voice-desk-flow";
import { WebvoiceClient } from "./test-support/webvoice-client";

const API_KEY = "sb_voice_restart_key_0123456789ab";
const SHOP = "http://shop.example.test:8080";
const CallJson = z.object({ id: z.string(), state: z.string(), sessionId: z.string().nullable(), endReason: z.string().nullable(), hungUpBy: z.string().nullable() });

/** The pids of the runtime's children (its media process). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("browser voice across a kill -9 of the runtime", () => {
  let dataDir = "";
  let port = 0;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-voice-crash-"));
    port = await freePort();
  });
  afterEach(async () => {
    await killAllChildRuntimes();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a call waiting at its menu when the process dies: its media went with it, so after the restart the call and its session end with a recorded reason", async () => {
    const first = await ChildRuntime.start({ dataDir, port, apiKey: API_KEY });
    expect((await first.api("POST", "/api/flows", voiceDeskFlow("voice-desk", { menuTimeoutSeconds: 2 }))).status).toBe(201);
    expect((await first.api("POST", "/api/flows/voice-desk/publish", { note: "v1" })).status).toBe(201);
    const channel = await first.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "voice-desk", settings: { allowedOrigins: [SHOP] } });
    const channelId = z.object({ id: z.string() }).parse(channel.body).id;

    const opened = await WebvoiceClient.open(webvoiceSocketUrl(first.url, channelId), SHOP);
    if (!opened.ok) throw new Error(`refused ${opened.status}`);
    await opened.client.next("ready");
    const peer = await WeriftPeer.offer();
    opened.client.send({ type: "call", sdp: peer.offerSdp });
    const answer = await opened.client.next("answer");
    await peer.applyAnswer(answer.sdp);
    await opened.client.next("connected", () => true, 30_000);
    const call = async (runtime: ChildRuntime) => CallJson.parse((await runtime.api("GET", `/api/calls/${answer.callId}`)).body);
    const sessionId = await pollUntil(async () => (await call(first)).sessionId ?? undefined, 10_000, () => "no session");
    await pollUntil(
      async () => ((await first.api("GET", `/api/sessions/${sessionId}`)).body as SessionJson).steps.some((step) => step.nodeId === "main" && step.outcome === "waiting") || undefined,
      15_000,
      () => "the menu was not reached",
    );
    const media = childrenOf(first.pid ?? 0);
    expect(media.length).toBeGreaterThan(0);

    await first.kill("SIGKILL");
    // The media process goes with the runtime (its IPC channel closed): no orphan holding ports.
    await pollUntil(async () => (media.every((pid) => !alive(pid)) ? true : undefined), 5_000, () => `media process still alive: ${media.filter(alive).join(", ")}`);
    expect(await opened.client.closed).toMatchObject({ code: expect.any(Number) });

    const second = await ChildRuntime.start({ dataDir, port, apiKey: API_KEY });
    const after = await call(second);
    expect(after).toMatchObject({ state: "ended", endReason: "media_lost_on_restart", hungUpBy: "system" });
    const session = await pollUntil(
      async () => {
        const body = (await second.api("GET", `/api/sessions/${sessionId}`)).body as SessionJson;
        return body.status === "ended" ? body : undefined;
      },
      10_000,
      () => "the session did not end",
    );
    expect(session.endReason).toBe("failed");
    expect(second.output.some((line) => line.includes("ended 1 call(s) whose media was lost"))).toBe(true);
    await peer.close();
  }, 90_000);
});
