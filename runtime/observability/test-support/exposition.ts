/** One sample of the Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES = ["_bucket", "_sum", "_count", "_total", "_created"];

/**
 * A strict reader of the Prometheus text format 0.0.4 (prom-client has no parser): every line is
 * `# HELP`, `# TYPE`, or a sample `name{label="value",…} number [timestamp]`; a sample's family must have been
 * declared by `# TYPE` before it; label values use only the format's escapes. Throws on anything else.
 */
export function parseExposition(text: string): Sample[] {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.slice(0, -1).split("\n").entries()) {
    const where = `line ${index + 1}: ${line}`;
    if (line === "") continue;
    if (line.startsWith("#")) {
      const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      if (comment === null) throw new Error(`${where}: a comment must be # HELP or # TYPE`);
      const [, kind = "", name = "", rest = ""] = comment;
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type`);
        if (types.has(name)) throw new Error(`${where}: a second TYPE for ${name}`);
        types.set(name, rest);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line);
    if (sample === null) throw new Error(`${where}: not a sample`);
    const [, name = "", labelText, valueText = ""] = sample;
    const family = types.has(name) ? name : SUFFIXES.map((suffix) => (name.endsWith(suffix) ? name.slice(0, -suffix.length) : "")).find((base) => types.has(base));
    if (family === undefined) throw new Error(`${where}: no # TYPE before this sample`);
    // Prometheus reads values with Go's ParseFloat: NaN and Inf in any case (prom-client writes `Nan`).
    const special = /^([+-]?)(inf|nan)$/i.exec(valueText);
    const value = special === null ? Number(valueText) : special[2]?.toLowerCase() === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
    if (special === null && (valueText === "" || Number.isNaN(value))) throw new Error(`${where}: not a number`);
    samples.push({ name, labels: labelText === undefined ? {} : parseLabels(labelText, where), value });
  }
  return samples;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
  let at = 0;
  while (at < text.length) {
    pair.lastIndex = at;
    const match = pair.exec(text);
    if (match === null) throw new Error(`${where}: bad labels at ${text.slice(at)}`);
    const [whole, key = "", raw = ""] = match;
    if (key in labels) throw new Error(`${where}: label ${key} twice`);
    labels[key] = raw.replace(/\\(["\\n])/g, (_, escaped: string) => (escaped === "n" ? "\n" : escaped));
    at += whole.length;
  }
  return labels;
}
