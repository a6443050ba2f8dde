import { fail, ok, type SipResult } from "./sip-result";

/** RFC 3261 §25.1 `token` characters. */
export const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

const charTable = (chars: string): Uint8Array => {
  const table = new Uint8Array(128);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
};
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_CHARS = charTable(`${ALNUM}-.!%*_+\`'~`);
/** A parameter value: a token, a host (IPv6 references too) or the unreserved characters of URI parameters. */
const VALUE_CHARS = charTable(`${ALNUM}-.!%*_+\`'~:[]/&$?@`);

/** Whether the character at `index` of `text` is a `token` character. */
export function isTokenChar(text: string, index: number): boolean {
  return TOKEN_CHARS[text.charCodeAt(index)] === 1;
}

/** Header parameters (`;name=value`), names lower-cased; a parameter without `=` has the value `null`. */
export type SipParams = Map<string, string | null>;

/**
 * Splits a header value at the commas that separate list elements (RFC 3261 §7.3.1), never inside
 * a quoted string or `<…>`. Empty elements are dropped.
 */
export function splitList(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === "\\") i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === "<") angle = true;
    else if (ch === ">") angle = false;
    else if (ch === "," && !angle) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

/**
 * Reads a quoted string starting at `text[from]` (which must be `"`): its content with escapes
 * undone, and the index after the closing quote. No closing quote: an error.
 */
export function readQuoted(text: string, from: number): SipResult<{ value: string; end: number }> {
  let value = "";
  for (let i = from + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined) break;
      value += next;
      i++;
    } else if (ch === '"') return ok({ value, end: i + 1 });
    else value += ch;
  }
  return fail("unterminated quoted string");
}

/** `value` as a quoted string (RFC 3261 §25.1 quoted-pair for `"` and `\`). */
export function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, "\\$1")}"`;
}

/**
 * Parses `;name[=value]…` as it follows a header's main part. Values are tokens, hosts or quoted
 * strings (unquoted here). Anything else (`;;`, `;=x`, text after the list) is an error.
 */
export function parseParams(text: string): SipResult<SipParams> {
  const params: SipParams = new Map();
  let i = 0;
  const skipSpace = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  skipSpace();
  while (i < text.length) {
    if (text[i] !== ";") return fail(`unexpected "${text.slice(i, i + 12)}" in parameters`);
    i++;
    skipSpace();
    const nameStart = i;
    while (i < text.length && isTokenChar(text, i)) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    if (name === "") return fail("empty parameter name");
    skipSpace();
    let value: string | null = null;
    if (text[i] === "=") {
      i++;
      skipSpace();
      if (text[i] === '"') {
        const quoted = readQuoted(text, i);
        if (!quoted.ok) return quoted;
        value = quoted.value.value;
        i = quoted.value.end;
      } else {
        const valueStart = i;
        while (i < text.length && VALUE_CHARS[text.charCodeAt(i)] === 1) i++;
        value = text.slice(valueStart, i);
        if (value === "") return fail(`parameter "${name}" has an empty value`);
      }
      skipSpace();
    }
    params.set(name, value);
  }
  return ok(params);
}

/** `;name=value…` for a header or URI; values that are not tokens or hosts are quoted. */
export function formatParams(params: SipParams): string {
  let out = "";
  for (const [name, value] of params) {
    if (value === null) out += `;${name}`;
    else out += /^[A-Za-z0-9\-.!%*_+`'~:[\]]+$/.test(value) ? `;${name}=${value}` : `;${name}=${quote(value)}`;
  }
  return out;
}
