import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** One example flow: its file name (e.g. `support-line.json`), raw text and parsed JSON. */
export interface ExampleFile {
  file: string;
  text: string;
  document: unknown;
}

/** The folder holding the example flows: the folder of this file. */
export const EXAMPLES_DIR = fileURLToPath(new URL(".", import.meta.url));

/** Reads every `*.json` directly in examples/ (not subfolders), sorted by file name. */
export function loadExamples(): ExampleFile[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
    .map((entry) => entry.name)
    .sort()
    .map((file) => {
      const text = readFileSync(join(EXAMPLES_DIR, file), "utf8");
      return { file, text, document: JSON.parse(text) as unknown };
    });
}
