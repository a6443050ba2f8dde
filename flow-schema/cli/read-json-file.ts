import type { CliIo } from "./io";

export type ReadResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Reads FILE (or standard input for "-") and parses it as JSON. */
export async function readJsonFile(file: string, io: CliIo): Promise<ReadResult> {
  let text: string;
  try {
    text = file === "-" ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
    return { ok: false, error: code === "ENOENT" ? "no such file" : `cannot read: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
