import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * piper-tts-web's browser files (its ES module bundle with onnxruntime-web, the onnx and piper
 * wasm, the phonemizer data, the workers), served by the runtime at `/piper/…` from
 * `node_modules/piper-tts-web/dist`: the designer imports them only when an admin asks for speech.
 */
const DEFAULT_DIST = fileURLToPath(new URL("../../node_modules/piper-tts-web/dist/", import.meta.url));

/** The dist folder: `$PIPER_TTS_WEB_DIST`, else the installed package's. Read on each call (tests point it elsewhere). */
export function piperDist(): string {
  const configured = process.env.PIPER_TTS_WEB_DIST?.trim();
  return configured ? join(configured, sep) : DEFAULT_DIST;
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".data": "application/octet-stream",
  ".onnx": "application/octet-stream",
};

export function piperInstalled(): boolean {
  return existsSync(piperDist());
}

/** The file for `/piper/<path>`, if the path stays inside the package's dist folder. */
export function piperFile(path: string): { path: string; contentType: string } | undefined {
  const relative = normalize(path).replace(/^([/\\])+/, "");
  if (relative === "" || relative.startsWith("..") || relative.split(sep).includes("..")) return undefined;
  const dist = piperDist();
  const full = join(dist, relative);
  if (!full.startsWith(dist) || !existsSync(full)) return undefined;
  return { path: full, contentType: TYPES[extname(full)] ?? "application/octet-stream" };
}

/**
 * The URL of piper-tts-web's ES module bundle under `/piper/` (from its package.json `module` or
 * `main`, e.g. `dist/piper-tts-web.js` → `/piper/piper-tts-web.js`); null when it is not installed.
 */
export function piperModuleUrl(): string | null {
  const manifest = join(piperDist(), "..", "package.json");
  if (!existsSync(manifest)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return null;
    const entry = "module" in parsed && typeof parsed.module === "string" ? parsed.module : "main" in parsed && typeof parsed.main === "string" ? parsed.main : undefined;
    const inDist = entry?.replace(/^\.\//, "").replace(/^dist\//, "");
    return inDist === undefined || piperFile(inDist) === undefined ? null : `/piper/${inDist}`;
  } catch {
    return null;
  }
}
