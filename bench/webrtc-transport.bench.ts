import { type ChildProcess, fork, type Serializable } from "node:child_process";
import { once } from "node:events";
import { Encoder } from "@evan/opus";
import { z } from "zod";
import type { MediaTransport } from "../runtime/media/transport/media-transport";
import { answerWebRtcOffer } from "../runtime/media/transport/webrtc-transport";
import { round, summarizeSamples } from "./measure";

/**
 * The WebRTC transport (node-datachannel) in this process against werift peers in a child
 * process (bench/webrtc-peers.child.ts, so only our side's CPU is counted), on loopback:
 * the time from the peers' applying our answers to `connected`, then process CPU per transport
 * over BENCH_WEBRTC_SECONDS (10) with BENCH_WEBRTC_LEGS (20) transports: idle (ICE consent checks
 * only), each sending 50 Opus packets/s, and each sending and receiving 50 packets/s.
 */
const Reply = z.object({ type: z.string(), offers: z.array(z.string()).optional(), message: z.string().optional() });

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a command to the peers' process and waits for the expected reply (failing if it exits or takes a minute). */
async function ask(child: ChildProcess, command: Serializable, expected: string): Promise<z.infer<typeof Reply>> {
  const what = JSON.stringify(command).slice(0, 40);
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => reject(new Error(`webrtc peers exited (${String(code ?? signal)}) while asked ${what}`)));
    timer = setTimeout(() => reject(new Error(`webrtc peers did not answer ${what} within 60 s`)), 60_000);
  });
  failure.catch(() => undefined); // raced below; later rejections are nobody's concern
  child.send(command);
  try {
    const reply = Reply.parse((await Promise.race([once(child, "message"), failure]))[0]);
    if (reply.type !== expected) throw new Error(`webrtc peers: ${reply.message ?? reply.type}`);
    return reply;
  } finally {
    clearTimeout(timer);
  }
}

/** Percent of one core this process used over `ms`, divided by `legs`. */
async function cpuPerLeg(ms: number, legs: number): Promise<number> {
  const before = process.cpuUsage();
  await sleep(ms);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / ms) * 100 / legs;
}

export async function benchWebRtcTransport(): Promise<Record<string, number>> {
  const legs = intFromEnv("BENCH_WEBRTC_LEGS", 20);
  const seconds = intFromEnv("BENCH_WEBRTC_SECONDS", 10);
  const child = fork(new URL("./webrtc-peers.child.ts", import.meta.url), { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const transports: MediaTransport[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const { offers = [] } = await ask(child, { type: "offer", count: legs }, "offers");
    const answers: string[] = [];
    for (const offer of offers) {
      const { transport, answerSdp } = await answerWebRtcOffer(offer, { iceServers: [], bindAddress: "127.0.0.1" });
      transports.push(transport);
      answers.push(answerSdp);
    }
    const connectMs: number[] = [];
    const posted = performance.now();
    const allConnected = Promise.all(
      transports.map(
        (transport) =>
          new Promise<void>((resolve, reject) =>
            transport.onState((state) => {
              if (state === "connected") {
                connectMs.push(performance.now() - posted);
                resolve();
              } else reject(new Error(`a transport ${state}`));
            }),
          ),
      ),
    );
    await ask(child, { type: "answer", answers }, "connected");
    await allConnected;
    await sleep(1000);
    const idle = await cpuPerLeg(seconds * 1000, legs);

    // One 20 ms Opus frame of a tone, re-sent with each transport's own header (seq +1, ts +960).
    const pcm = Int16Array.from({ length: 960 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 48000)));
    const payload = Buffer.from(new Encoder({ channels: 1, sample_rate: 48000, application: "voip" }).encode(pcm));
    let sequence = 0;
    timer = setInterval(() => {
      sequence++;
      for (const transport of transports) {
        const packet = Buffer.alloc(12 + payload.length);
        packet[0] = 0x80;
        packet[1] = transport.audio.payloadType;
        packet.writeUInt16BE(sequence & 0xffff, 2);
        packet.writeUInt32BE((sequence * 960) >>> 0, 4);
        packet.writeUInt32BE(transport.localSsrc, 8);
        payload.copy(packet, 12);
        transport.sendRtp(packet);
      }
    }, 20);
    await sleep(1000);
    const sending = await cpuPerLeg(seconds * 1000, legs);
    let received = 0;
    for (const transport of transports) transport.onRtp(() => received++);
    await ask(child, { type: "play", frequency: 1000 }, "playing");
    await sleep(1000);
    const receivedBefore = received;
    const both = await cpuPerLeg(seconds * 1000, legs);
    const receivedPerSecond = (received - receivedBefore) / seconds / legs;
    const connect = summarizeSamples(connectMs);
    console.log(
      `webrtc transport: ${legs} legs against werift peers; answer applied → connected median ${round(connect.median)} ms (p90 ${round(connect.p90)}); ` +
        `CPU per leg ${round(idle, 3)} % idle, ${round(sending, 3)} % sending 50 packets/s, ${round(both, 3)} % sending and receiving (${round(receivedPerSecond, 1)} packets/s in) of one core`,
    );
    return {
      webrtc_legs: legs,
      webrtc_connect_median_ms: round(connect.median),
      webrtc_connect_p90_ms: round(connect.p90),
      webrtc_cpu_idle_pct_per_leg: round(idle, 3),
      webrtc_cpu_send50_pct_per_leg: round(sending, 3),
      webrtc_cpu_sendrecv50_pct_per_leg: round(both, 3),
    };
  } finally {
    clearInterval(timer);
    for (const transport of transports) transport.close();
    if (child.connected) child.send({ type: "stop" });
    await Promise.race([once(child, "exit"), sleep(5000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchWebRtcTransport()));
}
