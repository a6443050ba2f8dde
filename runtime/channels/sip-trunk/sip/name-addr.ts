import { fail, ok, type SipResult } from "./sip-result";
import { parseSipUri, type SipUri } from "./sip-uri";
import { formatParams, isTokenChar, parseParams, quote, readQuoted, type SipParams } from "./sip-text";

/** A To, From, Contact, Route or Record-Route value: `"Name" <uri>;params` (RFC 3261 §20.10). */
export interface NameAddr {
  displayName: string | undefined;
  /** The URI as written (use `uri` for its parts). */
  uriText: string;
  uri: SipUri;
  /** Header parameters (`tag`, `expires`, `q`, `lr` belongs to the URI), names lower-cased. */
  params: SipParams;
}

/**
 * Parses a name-addr or addr-spec with its header parameters. In the addr-spec form (no `<>`)
 * everything after the first `;` is a header parameter, as RFC 3261 §20 says.
 */
export function parseNameAddr(text: string): SipResult<NameAddr> {
  const value = text.trim();
  let displayName: string | undefined;
  let uriText: string;
  let rest: string;
  let i = 0;
  if (value.startsWith('"')) {
    const quoted = readQuoted(value, 0);
    if (!quoted.ok) return fail(`display name: ${quoted.error}`);
    displayName = quoted.value.value;
    i = quoted.value.end;
    while (value[i] === " " || value[i] === "\t") i++;
    if (value[i] !== "<") return fail("a quoted display name must be followed by <uri>");
  } else {
    const open = value.indexOf("<");
    if (open > 0) {
      const name = value.slice(0, open).trim();
      for (let k = 0; k < name.length; k++) {
        if (!isTokenChar(name, k) && name[k] !== " " && name[k] !== "\t") return fail(`display name "${name.slice(0, 40)}" must be quoted`);
      }
      displayName = name === "" ? undefined : name.replace(/\s+/g, " ");
      i = open;
    }
  }
  if (value[i] === "<") {
    const close = value.indexOf(">", i);
    if (close < 0) return fail("missing >");
    uriText = value.slice(i + 1, close).trim();
    rest = value.slice(close + 1);
  } else {
    const semicolon = value.indexOf(";");
    uriText = semicolon >= 0 ? value.slice(0, semicolon).trim() : value;
    rest = semicolon >= 0 ? value.slice(semicolon) : "";
  }
  const uri = parseSipUri(uriText);
  if (!uri.ok) return fail(uri.error);
  const params = parseParams(rest);
  if (!params.ok) return fail(params.error);
  return ok({ displayName, uriText, uri: uri.value, params: params.value });
}

/** `"Name" <uri>;params`. */
export function formatNameAddr(value: { displayName?: string | undefined; uriText: string; params?: SipParams }): string {
  const name = value.displayName === undefined || value.displayName === "" ? "" : `${quote(value.displayName)} `;
  return `${name}<${value.uriText}>${value.params ? formatParams(value.params) : ""}`;
}

/** The `tag` parameter, when there is one with a value. */
export function tagOf(value: NameAddr): string | undefined {
  const tag = value.params.get("tag");
  return tag === null || tag === undefined || tag === "" ? undefined : tag;
}
