import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FlowDocument } from "../../flow-schema/document";
import { startTestServer, type TestServer } from "../test-support/test-server";

/**
 * A database from before patterns ran on the linear-time engine may hold a live version with a
 * lookahead (the validator accepted it then). The server says so when it starts.
 */

let dataDir: string;
let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const position = { x: 0, y: 0 };
const legacyPinLine = FlowDocument.parse({
  schemaVersion: 1,
  id: "legacy-pin",
  name: "Legacy PIN line",
  entry: "pin",
  nodes: [
    { id: "pin", type: "gather", position, data: { prompt: { text: "PIN?" }, storeAs: "pin", pattern: "^(?!0000)\\d{4}$" } },
    { id: "bye", type: "hangup", position, data: {} },
  ],
  edges: [{ id: "pin-next", source: "pin", sourceHandle: "next", target: "bye" }],
});

describe("live versions with a pattern the engine cannot run", () => {
  it("are named in the log when the server starts", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "switchboard-live-patterns-"));
    const first = await startTestServer({ SEED_EXAMPLES: "0" }, dataDir);
    // Written straight to the store, as an older Switchboard would have published it.
    expect((await first.store.flows.createFlow(legacyPinLine, "then")).ok).toBe(true);
    expect((await first.store.flows.publish("legacy-pin", { author: "then" })).ok).toBe(true);
    await first.close();
    expect(first.logs.filter((line) => line.includes("legacy-pin"))).toEqual([]);

    running = await startTestServer({ SEED_EXAMPLES: "0" }, dataDir);
    expect(running.logs.filter((line) => line.includes("legacy-pin"))).toEqual([
      expect.stringMatching(
        /^flow legacy-pin version 1 \(live\): node "pin", \/nodes\/0\/data\/pattern: \/\^\(\?!0000\)\\d\{4\}\$\/ cannot run: negative lookahead \(\?!…\) is not supported/,
      ),
    ]);
  });
});
