import { spawn } from "node:child_process";

export interface ToolResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunToolOptions {
  /** Written to the tool's standard input, which is then closed. */
  input?: string | Buffer;
  /** Killed after this long (default 60 s). */
  timeoutMs?: number;
}

/** A tool the server needs is not on PATH. */
export class ToolMissing extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed (apt-get install ${tool === "espeak-ng" ? "espeak-ng" : "ffmpeg"})`);
  }
}

/**
 * Runs a program with arguments, never through a shell: file names and prompt text cannot be
 * read as shell syntax. Resolves with the exit code, standard output and standard error.
 */
export function runTool(tool: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ["pipe", "pipe", "pipe"], timeout: options.timeoutMs ?? 60_000, shell: false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => reject(error.code === "ENOENT" ? new ToolMissing(tool) : error));
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8").trim() }));
    child.stdin.on("error", () => {
      // The tool may exit before reading all its input (e.g. on an error): its exit code says so.
    });
    child.stdin.end(options.input ?? "");
  });
}
