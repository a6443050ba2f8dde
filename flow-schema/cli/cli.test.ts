import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { flowJsonSchemaText } from "../json-schema";
import type { CliIo } from "./io";
import { EXIT, runCli } from "./main";

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
const bin = fileURLToPath(new URL("./bin.mjs", import.meta.url));

/** Runs the CLI in-process, capturing its output. */
async function cli(argv: string[], stdin = "") {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: async (path) => readFileSync(path, "utf8"),
    readStdin: async () => stdin,
    isTty: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const valid = JSON.parse(readFileSync(`${examples}support-line.json`, "utf8"));
const validPath = file("valid.json", JSON.stringify(valid));
const invalidPath = file("invalid.json", JSON.stringify({ ...valid, entry: "nowhere" }));
const warningPath = file(
  "warning.json",
  JSON.stringify({
    schemaVersion: 1,
    id: "w",
    name: "W",
    entry: "hi",
    nodes: [{ id: "hi", type: "greeting", position: { x: 0, y: 0 }, data: { prompt: { text: "Hi {{vars.unset}}" } } }],
    edges: [],
  }),
);
const notJsonPath = file("broken.json", "{ not json");

describe("switchboard validate", () => {
  it("exits 0 for a valid flow and says so", async () => {
    const result = await cli(["validate", validPath]);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain("valid (0 errors");
  });

  it("exits 0 when there are only warnings, and prints them", async () => {
    const result = await cli(["validate", warningPath]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning variable_never_set/);
    expect(result.stdout).toMatch(/warning handle_unconnected/);
  });

  it("exits 1 when any file has errors, printing file, pointer, code and message", async () => {
    const result = await cli(["validate", validPath, invalidPath]);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.stdout).toContain(`${invalidPath}:/entry: error entry_missing: the entry node "nowhere" does not exist`);
  });

  it("exits 2 when a file cannot be read or is not JSON", async () => {
    expect((await cli(["validate", validPath, join(dir, "missing.json")])).code).toBe(EXIT.unreadable);
    const broken = await cli(["validate", notJsonPath]);
    expect(broken.code).toBe(EXIT.unreadable);
    expect(broken.stderr).toContain("not valid JSON");
    expect((await cli(["validate", invalidPath, notJsonPath])).code).toBe(EXIT.unreadable);
  });

  it("prints [{file, valid, diagnostics}] with --json", async () => {
    const result = await cli(["validate", "--json", validPath, invalidPath]);
    expect(result.code).toBe(1);
    const reports = JSON.parse(result.stdout);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toEqual({ file: validPath, valid: true, diagnostics: [] });
    expect(reports[1].file).toBe(invalidPath);
    expect(reports[1].valid).toBe(false);
    expect(reports[1].diagnostics).toContainEqual({
      severity: "error",
      code: "entry_missing",
      message: 'the entry node "nowhere" does not exist',
      path: "/entry",
    });
  });

  it("reads standard input for -", async () => {
    const result = await cli(["validate", "--json", "-"], JSON.stringify(valid));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0].valid).toBe(true);
  });

  it("checks goto targets and teams only when told which exist", async () => {
    const gotoFlow = file(
      "goto.json",
      JSON.stringify({
        schemaVersion: 1,
        id: "g",
        name: "G",
        entry: "go",
        nodes: [{ id: "go", type: "goto_flow", position: { x: 0, y: 0 }, data: { flowId: "elsewhere" } }],
        edges: [],
      }),
    );
    expect((await cli(["validate", gotoFlow])).code).toBe(0);
    const checked = await cli(["validate", "--known-flows", "a,b", gotoFlow]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("goto_target_missing");
  });

  it("checks subflow nodes against the other files with --subflows (callback-request calling callback-number)", async () => {
    const child = JSON.parse(readFileSync(`${examples}callback-number.json`, "utf8"));
    const parent = JSON.parse(readFileSync(`${examples}callback-request.json`, "utf8"));
    const childPath = file("callback-number.json", JSON.stringify(child));
    const typo = file("callback-request.json", JSON.stringify({ ...parent, nodes: parent.nodes.map((node: { id: string; data: object }) => (node.id === "get_number" ? { ...node, data: { ...node.data, inputs: { reasons: "x" } } } : node)) }));
    expect((await cli(["validate", typo])).code).toBe(0);
    const checked = await cli(["validate", "--subflows", childPath, typo]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("subflow_input_unknown");
    expect(checked.stdout).toContain("subflow_input_missing");
    expect((await cli(["validate", "--subflows", `${examples}callback-number.json`, `${examples}callback-request.json`])).code).toBe(0);
  });

  it("refuses a wrong command line with exit 2 and the usage", async () => {
    expect((await cli(["validate"])).code).toBe(2);
    expect((await cli(["frobnicate"])).stderr).toContain("usage: switchboard");
    expect((await cli(["validate", "--nope", validPath])).code).toBe(2);
  });
});

describe("switchboard schema / migrate / import", () => {
  it("prints the JSON Schema", async () => {
    const result = await cli(["schema"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(flowJsonSchemaText());
  });

  it("migrate prints a current document unchanged", async () => {
    const result = await cli(["migrate", validPath]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(valid);
  });

  it("migrate notes on stderr a pattern the linear-time engine cannot run", async () => {
    const balance = JSON.parse(readFileSync(`${examples}account-balance.json`, "utf8"));
    const index = balance.nodes.findIndex((node: { type: string }) => node.type === "gather");
    balance.nodes[index].data.pattern = "^(?=\\d{6})\\d+$";
    const result = await cli(["migrate", file("lookahead.json", JSON.stringify(balance))]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(balance);
    expect(result.stderr).toContain(`/nodes/${index}/data/pattern node ${balance.nodes[index].id}: error: `);
    expect(result.stderr).toContain("lookahead (?=…) is not supported");
  });

  it("migrate refuses a document from the future with exit 1", async () => {
    const future = file("future.json", JSON.stringify({ ...valid, schemaVersion: 99 }));
    const result = await cli(["migrate", future]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schemaVersion/);
  });

  it("import whatomate prints a valid flow document and reports what it could not map", async () => {
    const source = `${examples}whatomate/support-ivr.json`;
    const result = await cli(["import", "whatomate", source, "--id", "acme-ivr", "--name", "Acme IVR"]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.id).toBe("acme-ivr");
    expect(doc.name).toBe("Acme IVR");
    const validated = await cli(["validate", "-"], result.stdout);
    expect(validated.code, validated.stdout).toBe(0);
  });

  it("import studio prints a valid flow document and reports, with JSON pointers, what it changed or left", async () => {
    const source = `${examples}studio/acme-ivr.json`;
    const result = await cli(["import", "studio", source, "--id", "acme-ivr"]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, id: "acme-ivr", name: "Acme IVR", entry: "welcome" });
    expect(result.stderr).toContain(`${source} /states/5/type node sales_queue: warning: sales_queue: enqueue-call becomes a transfer to team "sales"`);
    const validated = await cli(["validate", "-"], result.stdout);
    expect(validated.code, validated.stdout).toBe(0);
  });

  it("import studio exits 1 when widgets are left as placeholders, and says which", async () => {
    const source = `${examples}studio/not-yet-converted.json`;
    const result = await cli(["import", "studio", source]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).nodes.some((node: { type: string }) => node.type === "placeholder")).toBe(true);
    expect(result.stderr).toMatch(/placeholder_node/);
    expect(result.stderr).toContain("/states/8/type node pay: error: pay: capture-payments becomes a placeholder");
  });

  it("import studio refuses a file that is no Studio flow, naming the field", async () => {
    const result = await cli(["import", "studio", validPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/states/);
  });

  it("import knows only whatomate and studio", async () => {
    expect((await cli(["import", "typebot", validPath])).code).toBe(2);
  });
});

describe("the switchboard bin", () => {
  const run = promisify(execFile);

  it("runs as a real process with the documented exit codes", async () => {
    const ok = await run(process.execPath, [bin, "validate", "--json", validPath]);
    expect(JSON.parse(ok.stdout)[0].valid).toBe(true);
    await expect(run(process.execPath, [bin, "validate", invalidPath])).rejects.toMatchObject({ code: 1 });
    await expect(run(process.execPath, [bin, "validate", notJsonPath])).rejects.toMatchObject({ code: 2 });
  });
});
