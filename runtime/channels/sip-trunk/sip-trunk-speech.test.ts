import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { alwaysOpenSupportLine, withNodeData } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { requirePocketsphinx } from "../../speech/test-support/require-pocketsphinx";
import { spokenMuLawWav } from "../../speech/test-support/spoken-call-audio";
import { YES_NO_OPTIONS } from "../../speech/speech-grammar";
import { callerScenario } from "./test-support/caller-scenario";
import { udpTrunkOn } from "./test-support/udp-trunk";
import { describeSipp, runSipp } from "./test-support/sipp";

const CallRow = z.object({ session_id: z.string().nullable() });

/**
 * Speech on a SIP call: sipp calls the trunk (PCMU) and streams espeak-ng's "yes" as 8 kHz μ-law
 * RTP (`rtp_stream`) at the support line's menu asking yes or no; the media plane's VAD and
 * pocketsphinx (8 kHz upsampled for its 16 kHz model) hear it, and the menu takes option 1.
 */
describe("SIP trunk: an answer spoken at a menu (sipp's rtp_stream, 8 kHz μ-law)", () => {
  let server: TestServer;
  let sipPort = 0;
  const dir = mkdtempSync(join(tmpdir(), "switchboard-spoken-"));

  beforeAll(async () => {
    requirePocketsphinx();
    server = await startTestServer();
    const [yes, no] = YES_NO_OPTIONS;
    const flow = withNodeData(alwaysOpenSupportLine("spoken-trunk"), "main_menu", {
      prompt: { text: "Would you like to hear about our new plans? Say yes or no." },
      options: [
        { key: "1", label: "Yes", say: yes?.say ?? [] },
        { key: "2", label: "No", say: no?.say ?? [] },
        { key: "3", label: "Billing" },
      ],
    });
    sipPort = await udpTrunkOn(server, flow);
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('"yes" streamed by the caller takes the menu\'s option 1', async () => {
    const wav = join(dir, "yes.wav");
    const sayMs = spokenMuLawWav("yes", wav);
    const scenario = callerScenario({ keys: "", offer: "0 101", waitMs: 1000, say: { wav, sayMs }, hangup: { by: "caller", holdMs: 3000 } });
    const result = await runSipp({ scenario: { file: scenario }, remote: `127.0.0.1:${sipPort}`, service: "+15550100200", timeoutMs: 40_000 });
    expect(result.code, describeSipp(result)).toBe(0);
    const row = CallRow.parse(server.store.database.sqlite.prepare("SELECT session_id FROM calls ORDER BY created_at DESC LIMIT 1").get());
    const steps = (await server.store.sessions.listSteps(row.session_id ?? "")).map((step) => `${step.nodeId}:${step.outcome ?? ""}(${step.input ?? ""})`);
    expect(steps).toEqual(expect.arrayContaining([expect.stringMatching(/^main_menu:option:1\((yes|yeah|yep|correct|sure)\)$/)]));
  }, 60_000);
});
