import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { sessionRecordingsDir } from "../../calls/recordings-folder";
import { SessionState } from "../../engine/index";
import { toneLevel } from "../../media/analysis/goertzel";
import { ffmpegDecodePcm } from "../../media/test-support/ffmpeg-audio";
import { pollUntil } from "../../test-support/api-client";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { callerScenario } from "./test-support/caller-scenario";
import { udpTrunkOn } from "./test-support/udp-trunk";
import { describeSipp, runSipp } from "./test-support/sipp";

const CallRow = z.object({ session_id: z.string().nullable() });
const RATE = 8000;

/**
 * A voicemail on a SIP trunk (G.711): sipp calls (PCMU), hears the beep, streams 2 s of a 440 Hz
 * tone as μ-law RTP (`rtp_stream`), then presses # (RFC 2833 from Debian's pcap): the record node
 * takes `recorded` with the key, and the file (decoded by ffmpeg) holds the tone and not the beep.
 */
describe("SIP trunk: a voicemail (sipp's rtp_stream, 8 kHz μ-law)", () => {
  let server: TestServer;
  let sipPort = 0;
  const dir = mkdtempSync(join(tmpdir(), "switchboard-voicemail-"));

  beforeAll(async () => {
    server = await startTestServer();
    const flow = {
      schemaVersion: 1,
      id: "trunk-voicemail",
      name: "Trunk voicemail",
      entry: "leave_message",
      nodes: [
        { id: "leave_message", type: "record", position: { x: 0, y: 0 }, data: { maxLengthSeconds: 30, silenceTimeoutSeconds: 10, finishOnKey: "#", storeAs: "voicemail" } },
        { id: "thanks", type: "hangup", position: { x: 0, y: 200 }, data: {} },
      ],
      edges: [{ id: "e1", source: "leave_message", sourceHandle: "recorded", target: "thanks" }],
    };
    sipPort = await udpTrunkOn(server, flow);
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the caller's tone is recorded until their #: recorded, the key stored, the beep not in the file", async () => {
    const wav = join(dir, "tone.wav");
    execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=2:sample_rate=8000", "-ar", "8000", "-ac", "1", "-c:a", "pcm_mulaw", wav]);
    const scenario = callerScenario({ keys: "#", offer: "0 101", waitMs: 1500, say: { wav, sayMs: 2000 }, hangup: { by: "callee" } });
    const result = await runSipp({ scenario: { file: scenario }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", timeoutMs: 40_000 });
    expect(result.code, describeSipp(result)).toBe(0);
    const sessionId = CallRow.parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls ORDER BY created_at DESC LIMIT 1").get()).session_id ?? "";
    const steps = await pollUntil(
      async () => {
        const listed = await server.store.sessions.listSteps(sessionId);
        return listed.some((step) => step.nodeId === "thanks") ? listed : undefined;
      },
      10_000,
      () => "the recorded path",
    );
    expect(steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toEqual(["leave_message:waiting", "leave_message:recorded", "thanks:ended"]);
    const recording = z.object({ id: z.string(), durationSeconds: z.number(), digits: z.string() }).parse(SessionState.parse((await server.store.sessions.getSessionHead(sessionId))?.state).vars.voicemail);
    expect(recording.digits).toBe("#");
    // The tone (2 s) and the moment before the key, not the 10 s silence timeout.
    expect(recording.durationSeconds).toBeGreaterThan(1.5);
    expect(recording.durationSeconds).toBeLessThan(5);
    const pcm = ffmpegDecodePcm(join(sessionRecordingsDir(server.dataDir), sessionId, `${recording.id}.ogg`), RATE);
    let tone = 0;
    let beep = 0;
    for (let start = 0; start + RATE / 2 <= pcm.length; start += RATE / 4) {
      tone = Math.max(tone, toneLevel(pcm.subarray(start, start + RATE / 2), RATE, 440));
      beep = Math.max(beep, toneLevel(pcm.subarray(start, start + RATE / 2), RATE, 1000));
    }
    expect(tone, "the caller's tone").toBeGreaterThan(0.05);
    expect(beep, "the beep").toBeLessThan(0.01);
  }, 60_000);
});
