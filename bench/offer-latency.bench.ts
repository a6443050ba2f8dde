import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { RoomsServer, type TestAgent } from "../runtime/rooms/test-support/rooms-server";
import { round, summarizeLatencies } from "./measure";

/**
 * Agent rooms under 200 connected agents: the time from a transfer (a web chat session reaching
 * the `desk` flow's transfer node: the engine step, its commit, the conversation and 200 offer
 * rows) to the offer's arrival at each agent's socket, and from one agent's accept (REST) to the
 * withdrawal of the others' offers. The runtime runs in this process; the agents' sockets run in
 * a worker thread (bench/offer-agents.worker.ts), so the two do not share an event loop. Loopback.
 * Target: p99 under 50 ms. Env: BENCH_AGENTS (default 200), BENCH_OFFER_ROUNDS (default 30).
 */
const Arrivals = z.object({ offers: z.array(z.number()), withdrawals: z.array(z.number()) });
const Ready = z.object({ ready: z.number() });

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchOfferLatency(): Promise<Record<string, number>> {
  const agentCount = intFromEnv("BENCH_AGENTS", 200);
  const rounds = intFromEnv("BENCH_OFFER_ROUNDS", 30);
  const rooms = await RoomsServer.start();
  let worker: Worker | undefined;
  try {
    const agents: TestAgent[] = [];
    for (let index = 0; index < agentCount; index += 1) agents.push(await rooms.agent(`Agent${index}`));
    worker = new Worker(new URL("./offer-agents.worker.mjs", import.meta.url), {
      workerData: { url: rooms.wsUrl, tokens: agents.map((agent) => agent.token) },
    });
    Ready.parse((await once(worker, "message"))[0]);
    const ask = async (conversationId: string) => {
      worker?.postMessage({ type: "collect", conversationId });
      return Arrivals.parse((worker ? await once(worker, "message") : [])[0]);
    };
    // Until every socket's presence is registered, a transfer would not reach all of them.
    while ((await rooms.server.rooms.agents()).filter((agent) => agent.online).length < agentCount) await sleep(20);

    const offerLatencies: number[] = [];
    const withdrawLatencies: number[] = [];
    let incomplete = 0;
    for (let round = 0; round < rounds; round += 1) {
      const startedAt = now();
      const sessionId = await rooms.chat(`visitor-${round}`);
      const conversation = await rooms.server.store.rooms.conversations.findBySession(sessionId);
      if (conversation === undefined) throw new Error("the transfer opened no conversation");
      let arrivals = await ask(conversation.id);
      for (let wait = 0; arrivals.offers.length < agentCount && wait < 100; wait += 1) {
        await sleep(10);
        arrivals = await ask(conversation.id);
      }
      if (arrivals.offers.length < agentCount) incomplete += 1;
      offerLatencies.push(...arrivals.offers.map((at) => at - startedAt));

      const winner = agents[round % agents.length];
      if (winner === undefined) throw new Error("no agent");
      const acceptedAt = now();
      const accepted = await rooms.call("POST", `/api/conversations/${conversation.id}/accept`, winner);
      if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}: ${accepted.text}`);
      arrivals = await ask(conversation.id);
      for (let wait = 0; arrivals.withdrawals.length < agentCount - 1 && wait < 100; wait += 1) {
        await sleep(10);
        arrivals = await ask(conversation.id);
      }
      if (arrivals.withdrawals.length < agentCount - 1) incomplete += 1;
      withdrawLatencies.push(...arrivals.withdrawals.map((at) => at - acceptedAt));
      const closed = await rooms.call("POST", `/api/conversations/${conversation.id}/close`, winner, {});
      if (closed.status !== 200) throw new Error(`close answered ${closed.status}: ${closed.text}`);
    }
    const offer = summarizeLatencies(offerLatencies);
    const withdraw = summarizeLatencies(withdrawLatencies);
    console.log(
      `agent offers: ${rounds} transfers to ${agentCount} connected agents: transfer → offer at every socket p50 ${round(offer.p50)} ms, p99 ${round(offer.p99)} ms, max ${round(offer.max)} ms; ` +
        `accept → the others' offers withdrawn p50 ${round(withdraw.p50)} ms, p99 ${round(withdraw.p99)} ms, max ${round(withdraw.max)} ms (target p99 < 50 ms)` +
        (incomplete > 0 ? `; ${incomplete} rounds did not reach every socket` : ""),
    );
    return {
      offer_agents: agentCount,
      offer_rounds: rounds,
      offer_p50_ms: round(offer.p50),
      offer_p99_ms: round(offer.p99),
      offer_max_ms: round(offer.max),
      withdraw_p50_ms: round(withdraw.p50),
      withdraw_p99_ms: round(withdraw.p99),
      withdraw_max_ms: round(withdraw.max),
      offer_incomplete_rounds: incomplete,
    };
  } finally {
    worker?.postMessage({ type: "stop" });
    await rooms.stop();
  }
}
