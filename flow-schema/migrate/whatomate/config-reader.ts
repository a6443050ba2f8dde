import { escapeSegment } from "../../json-pointer";
import { isRecord } from "../is-record";
import type { IssueLog } from "../issue-log";
import { rewriteTemplate } from "./rewrite-template";

/** The node a config belongs to. */
export interface ConfigOwner {
  /** Id of the node in the produced document. */
  id: string;
  /** Label, else source id: how messages name the node. */
  name: string;
  /** JSON pointer of the node in the source graph, e.g. `/nodes/3`. */
  pointer: string;
}

export interface ReaderOptions {
  /** The key holding the values inside the node: `config` (Whatomate, the default), `properties` (Studio). */
  container?: string;
  /** Accept values typed loosely, as Studio writes them: `"true"`/`"false"` for booleans, `"5"` for numbers. */
  loose?: boolean;
}

export interface IntegerRange {
  min: number;
  max: number;
}

/**
 * Reads one imported node's values (a Whatomate `config`, a Studio widget's `properties`) leniently: a value of the wrong type is ignored and reported,
 * a number out of range is clamped and reported. Remembers which keys were read, so that the
 * importer can report the ones nothing used.
 */
export class ConfigReader {
  private readonly used = new Set<string>();
  private readonly container: string;
  private readonly loose: boolean;

  constructor(
    private readonly config: Readonly<Record<string, unknown>>,
    readonly owner: ConfigOwner,
    private readonly log: IssueLog,
    options: ReaderOptions = {},
  ) {
    this.container = options.container ?? "config";
    this.loose = options.loose ?? false;
  }

  /** JSON pointer into the source graph for a place inside this config. */
  at(...segments: Array<string | number>): string {
    return `${this.owner.pointer}/${escapeSegment(this.container)}${segments.map((segment) => `/${escapeSegment(segment)}`).join("")}`;
  }

  warn(message: string, ...segments: Array<string | number>): void {
    this.log.warn(`${this.owner.name}: ${message}`, { nodeId: this.owner.id, path: this.at(...segments) });
  }

  error(message: string, ...segments: Array<string | number>): void {
    this.log.error(`${this.owner.name}: ${message}`, { nodeId: this.owner.id, path: this.at(...segments) });
  }

  /** Reports at any JSON pointer of the source (a place outside this config: a Studio transition, say). */
  report(severity: "warning" | "error", message: string, pointer: string): void {
    this.log.add(severity, `${this.owner.name}: ${message}`, { nodeId: this.owner.id, path: pointer });
  }

  /** The value under `key`; null counts as absent. */
  raw(key: string): unknown {
    this.used.add(key);
    const value = this.config[key];
    return value === null ? undefined : value;
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === "string") return value;
    if (this.loose && typeof value === "number") return String(value);
    this.warn(`${key} should be text, not ${JSON.stringify(value)}; ignored`, key);
    return undefined;
  }

  /** The first of `keys` that holds non-blank text; every key counts as read. */
  firstText(keys: readonly string[]): { key: string; text: string } | undefined {
    let found: { key: string; text: string } | undefined;
    for (const key of keys) {
      const text = this.string(key);
      if (found === undefined && text !== undefined && text.trim() !== "") found = { key, text };
    }
    return found;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === "boolean") return value;
    if (this.loose && typeof value === "string" && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === "true";
    this.warn(`${key} should be true or false, not ${JSON.stringify(value)}; ignored`, key);
    return undefined;
  }

  integer(key: string, range: IntegerRange): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (this.loose && typeof value === "string" && value.trim() === "") return undefined;
    if (this.loose && typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return this.clamp(key, Number(value), range);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.warn(`${key} should be a number, not ${JSON.stringify(value)}; the default is used`, key);
      return undefined;
    }
    return this.clamp(key, value, range);
  }

  private clamp(key: string, value: number, range: IntegerRange): number {
    const whole = Math.round(value);
    const clamped = Math.min(range.max, Math.max(range.min, whole));
    if (clamped !== value) this.warn(`${key} ${value} is outside ${range.min}-${range.max}; ${clamped} is used`, key);
    return clamped;
  }

  record(key: string): Record<string, unknown> | undefined {
    const value = this.raw(key);
    if (value === undefined || isRecord(value)) return value;
    this.warn(`${key} should be an object; ignored`, key);
    return undefined;
  }

  /** Text under `key` with its placeholders rewritten to Switchboard's roots. */
  template(key: string): string | undefined {
    const text = this.string(key);
    return text === undefined ? undefined : this.rewrite(text, key);
  }

  /** Rewrites the placeholders of `text` found at `segments`, reporting names that had to change. */
  rewrite(text: string, ...segments: Array<string | number>): string {
    const result = rewriteTemplate(text);
    for (const { from, to } of result.renamed) {
      this.warn(`{{${from}}} is not a valid Switchboard variable path; it now reads {{${to}}}`, ...segments);
    }
    return result.text;
  }

  /** Keys holding a value that nothing read. */
  unusedKeys(): string[] {
    return Object.keys(this.config).filter((key) => !this.used.has(key) && !isBlank(this.config[key]));
  }
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
}
