import { expect } from "vitest";
import { pollUntil } from "../../../test-support/api-client";
import type { TestServer } from "../../../test-support/test-server";

/**
 * Publishes `flow` and opens a SIP trunk on it that takes G.711 μ-law calls over UDP from
 * 127.0.0.1 to +15550100200 (a sipp caller's); resolves with the trunk's UDP port.
 */
export async function udpTrunkOn(server: TestServer, flow: { id: string }): Promise<number> {
  expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
  expect((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" })).status).toBe(201);
  const created = await server.api("POST", "/api/channels", {
    type: "sip_trunk",
    name: "Acme carrier",
    flowId: flow.id,
    settings: { domain: "127.0.0.1", inboundAddresses: ["127.0.0.1"], numbers: ["+15550100200"], transport: "udp", codecs: ["PCMU"] },
  });
  expect(created.status, created.text).toBe(201);
  return pollUntil(async () => server.sipTrunks?.ports?.udp, 5_000, () => "the SIP endpoint did not start");
}
