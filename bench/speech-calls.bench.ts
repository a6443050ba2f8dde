import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { callerScenario } from "../runtime/channels/sip-trunk/test-support/caller-scenario";
import { runSipp } from "../runtime/channels/sip-trunk/test-support/sipp";
import { WebvoiceCaller } from "../runtime/channels/webvoice/test-support/webvoice-caller";
import { YES_NO_OPTIONS } from "../runtime/speech/speech-grammar";
import { requirePocketsphinx } from "../runtime/speech/test-support/require-pocketsphinx";
import { BILLING_MENU, type Fixture, IN_GRAMMAR, SPEAKERS } from "../runtime/speech/test-support/speech-accuracy";
import { speak } from "../runtime/speech/test-support/spoken-audio";
import { spokenAt48k, spokenMuLawWav } from "../runtime/speech/test-support/spoken-call-audio";
import { pollUntil } from "../runtime/test-support/api-client";
import { alwaysOpenSupportLine, exampleFlow, type FlowJson, withNodeData } from "../runtime/test-support/example-flows";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { round, summarizeLatencies } from "./measure";

type Ask = Fixture["ask"];
const SHOP = "http://shop.example.test:8080";
/** The node that asks, per kind of question. */
const NODE: Record<Ask, string> = { menu: "main_menu", yesno: "main_menu", digits: "ask_account" };
const NUMBER: Record<Ask, string> = { menu: "+15550100201", yesno: "+15550100202", digits: "+15550100203" };

/** The flows: the support line's menu with the fixtures' billing menu, the same menu asking yes/no, account balance's gather listening for spoken digits. */
function flows(): Record<Ask, FlowJson> {
  const [yes, no] = YES_NO_OPTIONS;
  return {
    menu: withNodeData(alwaysOpenSupportLine("bench-menu"), "main_menu", { options: BILLING_MENU.map((option) => ({ key: option.key, label: option.label, ...(option.say === undefined ? {} : { say: option.say }) })) }),
    yesno: withNodeData(alwaysOpenSupportLine("bench-yesno"), "main_menu", {
      prompt: { text: "Say yes or no." },
      options: [
        { key: "1", label: "Yes", say: yes?.say ?? [] },
        { key: "2", label: "No", say: no?.say ?? [] },
        { key: "3", label: "Billing" },
      ],
    }),
    digits: withNodeData({ ...exampleFlow("account-balance"), id: "bench-digits" }, "ask_account", { input: "speech", minDigits: 1, maxDigits: 16, pattern: undefined }),
  };
}

/** The answer a step gives: the option key (menus: yes/no keys read as yes/no) or the gathered digits; undefined: none. */
function answerOf(ask: Ask, outcome: string, input: string | undefined): string | undefined {
  if (ask === "digits") return outcome === "next" ? input : undefined;
  const key = /^option:(.+)$/.exec(outcome)?.[1];
  if (key === undefined) return undefined;
  return ask === "yesno" ? ({ "1": "yes", "2": "no" } as Record<string, string>)[key] : key;
}

interface Outcome {
  right: boolean;
  /** End of speech (its last sound) → the node's decision, ms; undefined when it did not decide. */
  decisionMs: number | undefined;
  what: string;
}

/** The node's first decision after `since` (ms epoch), from the session's steps. */
async function decision(server: TestServer, sessionId: string, nodeId: string, since: number, waitMs: number) {
  return pollUntil(
    async () => (await server.store.sessions.listSteps(sessionId)).find((step) => step.nodeId === nodeId && step.outcome !== "waiting" && step.at >= since),
    waitMs,
    () => `${nodeId} did not decide`,
    5,
  ).catch(() => undefined);
}

async function overWebRtc(server: TestServer, channelId: string, fixture: Fixture, speaker: (typeof SPEAKERS)[number]): Promise<Outcome> {
  let caller: WebvoiceCaller | undefined;
  for (let attempt = 1; caller === undefined; attempt++) {
    caller = await WebvoiceCaller.dial(server, channelId, SHOP, "visitor_0123456789").catch((error: unknown) => {
      if (attempt >= 3) throw error;
      console.log(`  the call did not connect (${error instanceof Error ? error.message.slice(0, 60) : String(error)}): again`);
      return undefined;
    });
  }
  try {
    caller.peer.play(undefined);
    const nodeId = NODE[fixture.ask];
    await caller.menuWaits(nodeId);
    const spoken = spokenAt48k(fixture.text, speaker);
    const sentAt = Date.now();
    await caller.peer.say(spoken.samples48k);
    const step = await decision(server, await caller.sessionId(), nodeId, sentAt, 6_000);
    if (step === undefined) return { right: false, decisionMs: undefined, what: "no decision" };
    const answer = answerOf(fixture.ask, step.outcome ?? "", step.input ?? undefined);
    return { right: answer === fixture.expected, decisionMs: step.at - (sentAt + spoken.speechEndMs), what: `${step.outcome}(${step.input ?? ""})` };
  } finally {
    await caller.hangUp();
  }
}

const CallRow = z.object({ session_id: z.string().nullable(), answered_at: z.number().nullable() });
const WAIT_MS = 800;

async function overSip(server: TestServer, sipPort: number, dir: string, fixture: Fixture, speaker: (typeof SPEAKERS)[number], index: number): Promise<Outcome> {
  const wav = join(dir, `said-${index}.wav`);
  const sayMs = spokenMuLawWav(fixture.text, wav, { voice: speaker.voice, speed: speaker.speed, padBeforeSeconds: 0.2, padAfterSeconds: 0.5 });
  const bounds = speak(fixture.text, { ...speaker, sampleRate: 16000, padBeforeSeconds: 0.2, padAfterSeconds: 0.5 });
  const scenario = callerScenario({ keys: "", offer: "0 101", waitMs: WAIT_MS, say: { wav, sayMs }, hangup: { by: "caller", holdMs: 1500 } });
  const before = Date.now();
  const result = await runSipp({ scenario: { file: scenario }, remote: `127.0.0.1:${sipPort}`, service: NUMBER[fixture.ask], timeoutMs: 30_000 });
  if (result.code !== 0) return { right: false, decisionMs: undefined, what: `sipp exit ${String(result.code)}` };
  const row = CallRow.parse(server.store.database.sqlite.prepare("SELECT session_id, answered_at FROM calls WHERE created_at >= ? ORDER BY created_at DESC LIMIT 1").get(before));
  if (row.session_id === null || row.answered_at === null) return { right: false, decisionMs: undefined, what: "no session" };
  const step = await decision(server, row.session_id, NODE[fixture.ask], 0, 1_000);
  if (step === undefined || step.outcome === "ended") return { right: false, decisionMs: undefined, what: "no decision" };
  const answer = answerOf(fixture.ask, step.outcome ?? "", step.input ?? undefined);
  // sipp streams WAIT_MS after its ACK, which follows our answer within milliseconds.
  return { right: answer === fixture.expected, decisionMs: step.at - (row.answered_at + WAIT_MS + bounds.speechEndMs), what: `${step.outcome}(${step.input ?? ""})` };
}

/**
 * Speech on real media-plane calls: the speech bench's 65 in-grammar fixtures (5 espeak-ng
 * speakers × billing menu, yes/no, digit strings) said at the support line's menu (or the
 * account balance gather) of a browser voice call (werift, Opus; recognised at 16 kHz) and of a
 * SIP call (sipp's rtp_stream, 8 kHz μ-law): how many the node took right, and the delay from the
 * end of speech (its last sound) to the node's decision (the step's time), p50/p99. Calls run one
 * at a time.
 */
export async function benchSpeechCalls(): Promise<Record<string, number>> {
  requirePocketsphinx();
  const server = await startTestServer();
  const dir = mkdtempSync(join(tmpdir(), "switchboard-speech-bench-"));
  const out: Record<string, number> = {};
  try {
    const webvoice = new Map<Ask, string>();
    for (const [ask, flow] of Object.entries(flows()) as [Ask, FlowJson][]) {
      if ((await server.api("POST", "/api/flows", flow)).status !== 201) throw new Error(`flow ${flow.id} refused`);
      if ((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "bench" })).status !== 201) throw new Error(`flow ${flow.id} not published`);
      const voice = await server.api("POST", "/api/channels", { type: "webvoice", name: `Voice ${ask}`, flowId: flow.id, settings: { allowedOrigins: [SHOP] } });
      webvoice.set(ask, z.object({ id: z.string() }).parse(voice.body).id);
      const trunk = await server.api("POST", "/api/channels", {
        type: "sip_trunk",
        name: `Carrier ${ask}`,
        flowId: flow.id,
        settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], numbers: [NUMBER[ask]], transport: "udp", codecs: ["PCMU"] },
      });
      if (trunk.status !== 201) throw new Error(`trunk ${ask}: ${trunk.text}`);
    }
    const sipPort = await pollUntil(async () => server.sipTrunks?.ports?.udp, 5_000, () => "the SIP endpoint did not start");
    for (const rate of [16000, 8000] as const) {
      const outcomes: (Outcome & { ask: Ask })[] = [];
      let index = 0;
      for (const speaker of SPEAKERS) {
        for (const fixture of IN_GRAMMAR) {
          const outcome = rate === 16000 ? await overWebRtc(server, webvoice.get(fixture.ask) ?? "", fixture, speaker) : await overSip(server, sipPort, dir, fixture, speaker, index++);
          outcomes.push({ ...outcome, ask: fixture.ask });
          if (!outcome.right) console.log(`  ${rate} Hz ${speaker.voice}: "${fixture.text}" → ${outcome.what}`);
        }
      }
      const k = rate === 16000 ? "webrtc_16k" : "sip_8k";
      const right = outcomes.filter((outcome) => outcome.right).length;
      const share = (ask: Ask) => {
        const asked = outcomes.filter((outcome) => outcome.ask === ask);
        return asked.filter((outcome) => outcome.right).length / Math.max(1, asked.length);
      };
      const delays = summarizeLatencies(outcomes.flatMap((outcome) => (outcome.decisionMs === undefined ? [] : [outcome.decisionMs])));
      console.log(
        `speech calls ${k}: ${right}/${outcomes.length} taken right (menu ${round(share("menu") * 100, 0)}%, yes/no ${round(share("yesno") * 100, 0)}%, digits ${round(share("digits") * 100, 0)}%); ` +
          `end of speech → decision over ${delays.count} decisions: p50 ${round(delays.p50, 0)} ms, p99 ${round(delays.p99, 0)} ms, max ${round(delays.max, 0)} ms`,
      );
      Object.assign(out, {
        [`speech_call_${k}_accuracy`]: round(right / outcomes.length, 3),
        [`speech_call_${k}_decision_p50_ms`]: round(delays.p50, 0),
        [`speech_call_${k}_decision_p99_ms`]: round(delays.p99, 0),
      });
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchSpeechCalls()));
