import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestServer, type TestServer } from "../test-support/test-server";

/**
 * A flow written while patterns were JavaScript regular expressions may use what the linear-time
 * engine cannot run (lookaround, backreferences). Importing it says so per pattern, and the draft's
 * diagnostics keep it from being published until it is rewritten.
 */

const Note = z.object({ severity: z.string(), message: z.string(), nodeId: z.string().optional(), path: z.string().optional() });
const ImportAnswer = z.object({
  document: z.object({ id: z.string() }),
  issues: z.array(Note),
  diagnostics: z.array(z.object({ code: z.string(), path: z.string().optional(), message: z.string() })),
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** examples/account-balance.json with a lookahead in its gather pattern. */
function legacyBalanceLine(): { doc: Record<string, unknown>; pointer: string } {
  const doc = JSON.parse(readFileSync(new URL("../../examples/account-balance.json", import.meta.url), "utf8"));
  const nodes = z.array(z.object({ id: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()) }).loose()).parse(doc.nodes);
  const index = nodes.findIndex((node) => node.id === "ask_account");
  const gather = nodes[index];
  if (gather === undefined) throw new Error("account-balance.json has no ask_account node");
  gather.data.pattern = "^(?!0+$)[0-9]{6,10}$";
  return { doc: { ...doc, id: "legacy-balance", name: "Legacy balance line", nodes }, pointer: `/nodes/${index}/data/pattern` };
}

describe("importing a document whose pattern the engine cannot run", () => {
  it("the preview and the import carry a note naming the node, the pointer and the construct", async () => {
    const { doc, pointer } = legacyBalanceLine();
    const preview = await server.api("POST", "/api/flows/import?dryRun=true", doc);
    expect(preview.status, preview.text).toBe(200);
    const expectedNote = {
      severity: "error",
      nodeId: "ask_account",
      path: pointer,
      message: expect.stringMatching(new RegExp(`^node "ask_account", ${pointer}: /\\^\\(\\?!0\\+\\$\\)\\[0-9\\]\\{6,10\\}\\$/ cannot run: negative lookahead \\(\\?!…\\) is not supported`)),
    };
    expect(ImportAnswer.parse(preview.body).issues).toEqual([expectedNote]);

    const imported = await server.api("POST", "/api/flows/import", doc);
    expect(imported.status, imported.text).toBe(201);
    const answer = ImportAnswer.parse(imported.body);
    expect(answer.issues).toEqual([expectedNote]);
    expect(answer.diagnostics).toContainEqual(expect.objectContaining({ code: "invalid_regex", path: pointer }));

    const publish = await server.api("POST", "/api/flows/legacy-balance/publish", { note: "try" });
    expect(publish.status, publish.text).toBe(422);
    expect(publish.text).toContain("negative lookahead (?!…) is not supported");
  });

  it("a document whose patterns all run imports without notes", async () => {
    const { doc } = legacyBalanceLine();
    const clean = { ...doc, id: "clean-balance", nodes: JSON.parse(readFileSync(new URL("../../examples/account-balance.json", import.meta.url), "utf8")).nodes };
    const imported = await server.api("POST", "/api/flows/import", clean);
    expect(imported.status, imported.text).toBe(201);
    expect(ImportAnswer.parse(imported.body).issues).toEqual([]);
  });
});
