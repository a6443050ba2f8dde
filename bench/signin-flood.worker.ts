import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";

/**
 * The attackers of the sign-in flood bench, in a thread of their own (their own event loop, like
 * another machine): `attackers` closed loops, each posting wrong passwords back to back for
 * `durationMs`, from `addresses` client addresses (X-Forwarded-For; the server trusts one proxy),
 * half of them at the admin's account and half at made-up ones. `malformed` sends an email that is
 * not one instead (400 before any throttle or hash: what any flood of requests costs, the floor).
 * Posts back the statuses and times.
 */
const Input = z.object({
  url: z.string(),
  adminEmail: z.string(),
  attackers: z.number().int().min(1),
  addresses: z.number().int().min(1),
  durationMs: z.number().positive(),
  malformed: z.boolean(),
});
const { url, adminEmail, attackers, addresses, durationMs, malformed } = Input.parse(workerData);

const statuses: Record<string, number> = {};
const latencies: number[] = [];
const started = performance.now();
const deadline = started + durationMs;
let sent = 0;

async function attacker(index: number): Promise<void> {
  const address = `198.51.100.${(index % addresses) + 1}`;
  for (let round = 0; performance.now() < deadline; round += 1) {
    const email = malformed ? `not an email ${index}` : (index + round) % 2 === 0 ? adminEmail : `guess-${index}-${round}@acme.example`;
    const at = performance.now();
    sent += 1;
    try {
      const response = await fetch(`${url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({ email, password: `wrong password ${index}-${round}` }),
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    } catch {
      statuses.error = (statuses.error ?? 0) + 1;
    }
    latencies.push(performance.now() - at);
  }
}

await Promise.all(Array.from({ length: attackers }, (_, index) => attacker(index)));
parentPort?.postMessage({ statuses, latencies, sent, elapsedMs: performance.now() - started });
