import { FlowDocument } from "../document";
import { flowJsonSchemaText } from "../json-schema";
import { importStudio, importWhatomate, migrate, MigrationError } from "../migrate/index";
import { hasErrors } from "../validate/diagnostic";
import { validate, type ValidationContext } from "../validate/validate";
import { formatDiagnostic, summarize } from "./format-diagnostics";
import { type CliIo, nodeIo } from "./io";
import { readJsonFile } from "./read-json-file";

export { nodeIo };

export const USAGE = `usage: switchboard <command>

  validate FILE...          check flow documents (- reads standard input)
      --json                print [{"file","valid","diagnostics"}] instead of text
      --known-flows a,b     flow ids a goto_flow may name (enables goto_target_missing)
      --known-teams a,b     team ids a transfer may name (enables team_missing)
      --channels voice,chat the channel kinds the flows will run on
      --subflows            check subflow nodes against the other FILEs, each taken as the
                            published version of its flow (inputs, outputs, outcomes, recursion)
  schema                    print the JSON Schema of a flow document
  migrate FILE              print FILE upgraded to the current schemaVersion
  import whatomate FILE     print a Whatomate IVR graph converted to a flow document
  import studio FILE        print a Twilio Studio flow converted to a flow document; what was not
                            carried over on stderr, with JSON pointers into FILE; status 1 when
                            the result has validation errors (widgets left as placeholders)
      --id ID --name NAME   id and name of the new flow

exit status: 0 fine (warnings allowed), 1 a document has errors or cannot be converted,
             2 a file cannot be read or is not JSON, or the command line is wrong
`;

/** Exit codes, as documented. */
export const EXIT = { ok: 0, invalid: 1, unreadable: 2 } as const;

interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(["--known-flows", "--known-teams", "--channels", "--id", "--name"]);

function parseArgs(argv: readonly string[]): ParsedArgs | string {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg.startsWith("--")) {
      const [name = "", inline] = arg.split(/=(.*)/s, 2);
      if (VALUE_FLAGS.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) return `${name} needs a value`;
        flags.set(name, value);
      } else if (name === "--json" || name === "--help" || name === "--subflows") {
        flags.set(name, true);
      } else {
        return `unknown option ${name}`;
      }
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

function listFlag(args: ParsedArgs, name: string): string[] | undefined {
  const value = args.flags.get(name);
  return typeof value === "string" ? value.split(",").map((item) => item.trim()).filter(Boolean) : undefined;
}

/** Runs the CLI; resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.stderr(`switchboard: ${args}\n\n${USAGE}`);
    return EXIT.unreadable;
  }
  const [command, ...rest] = args.positional;
  if (args.flags.has("--help") || command === "help") {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  switch (command) {
    case "validate":
      return validateCommand(rest, args, io);
    case "schema":
      io.stdout(flowJsonSchemaText());
      return EXIT.ok;
    case "migrate":
      return convertCommand(rest, io, (doc) => migrate(doc));
    case "import": {
      const importer = rest[0] === "whatomate" ? importWhatomate : rest[0] === "studio" ? importStudio : undefined;
      if (importer === undefined) {
        io.stderr(`switchboard: import knows two formats: whatomate, studio\n\n${USAGE}`);
        return EXIT.unreadable;
      }
      const options: { id?: string; name?: string } = {};
      const id = args.flags.get("--id");
      const name = args.flags.get("--name");
      if (typeof id === "string") options.id = id;
      if (typeof name === "string") options.name = name;
      return convertCommand(rest.slice(1), io, (doc) => importer(doc, options), { failOnErrors: true });
    }
    default:
      io.stderr(`switchboard: ${command === undefined ? "a command is needed" : `unknown command "${command}"`}\n\n${USAGE}`);
      return EXIT.unreadable;
  }
}

interface FileReport {
  file: string;
  valid: boolean;
  diagnostics: ReturnType<typeof validate>;
  error?: string;
}

async function validateCommand(files: string[], args: ParsedArgs, io: CliIo): Promise<number> {
  if (files.length === 0) {
    io.stderr(`switchboard validate: name at least one FILE\n\n${USAGE}`);
    return EXIT.unreadable;
  }
  const context: ValidationContext = {};
  const knownFlows = listFlag(args, "--known-flows");
  const knownTeams = listFlag(args, "--known-teams");
  const channels = listFlag(args, "--channels");
  if (knownFlows) context.knownFlows = knownFlows;
  if (knownTeams) context.knownTeams = knownTeams;
  if (channels) {
    const kinds = channels.filter((c): c is "voice" | "chat" => c === "voice" || c === "chat");
    if (kinds.length !== channels.length) {
      io.stderr("switchboard validate: --channels takes voice and/or chat\n");
      return EXIT.unreadable;
    }
    context.channels = kinds;
  }

  const reads = await Promise.all(files.map(async (file) => ({ file, read: await readJsonFile(file, io) })));
  if (args.flags.has("--subflows")) {
    const byId = new Map<string, FlowDocument>();
    for (const { read } of reads) {
      const parsed = read.ok ? FlowDocument.safeParse(read.value) : undefined;
      if (parsed?.success) byId.set(parsed.data.id, parsed.data);
    }
    context.subflows = (flowId) => byId.get(flowId);
    context.knownFlows = [...(context.knownFlows ?? []), ...byId.keys()];
  }
  const reports: FileReport[] = [];
  for (const { file, read } of reads) {
    if (!read.ok) {
      reports.push({ file, valid: false, diagnostics: [], error: read.error });
      continue;
    }
    const diagnostics = validate(read.value, context);
    reports.push({ file, valid: !hasErrors(diagnostics), diagnostics });
  }

  if (args.flags.has("--json")) {
    io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    for (const report of reports) {
      if (report.error !== undefined) {
        io.stderr(`${report.file}: ${report.error}\n`);
        continue;
      }
      for (const d of report.diagnostics) io.stdout(`${formatDiagnostic(report.file, d)}\n`);
      io.stdout(`${summarize(report.file, report.diagnostics)}\n`);
    }
  }
  if (reports.some((report) => report.error !== undefined)) return EXIT.unreadable;
  return reports.every((report) => report.valid) ? EXIT.ok : EXIT.invalid;
}

interface Conversion {
  document: unknown;
  issues: ReadonlyArray<{ severity: string; message: string; nodeId?: string; path?: string }>;
}

/** migrate / import: the document on stdout, what could not be mapped on stderr. */
async function convertCommand(files: string[], io: CliIo, convert: (doc: unknown) => Conversion, options: { failOnErrors?: boolean } = {}): Promise<number> {
  const [file, ...extra] = files;
  if (file === undefined || extra.length > 0) {
    io.stderr(`switchboard: name exactly one FILE\n\n${USAGE}`);
    return EXIT.unreadable;
  }
  const read = await readJsonFile(file, io);
  if (!read.ok) {
    io.stderr(`${file}: ${read.error}\n`);
    return EXIT.unreadable;
  }
  try {
    const result = convert(read.value);
    for (const issue of result.issues) {
      const where = [issue.path, issue.nodeId && `node ${issue.nodeId}`].filter(Boolean).join(" ");
      io.stderr(`${file}${where ? ` ${where}` : ""}: ${issue.severity}: ${issue.message}\n`);
    }
    io.stdout(`${JSON.stringify(result.document, null, 2)}\n`);
    if (options.failOnErrors !== true) return EXIT.ok;
    const errors = validate(result.document).filter((d) => d.severity === "error");
    for (const d of errors) io.stderr(`${formatDiagnostic(file, d)}\n`);
    return errors.length === 0 ? EXIT.ok : EXIT.invalid;
  } catch (error) {
    if (error instanceof MigrationError) {
      io.stderr(`${file}: ${error.message}\n`);
      return EXIT.invalid;
    }
    throw error;
  }
}
