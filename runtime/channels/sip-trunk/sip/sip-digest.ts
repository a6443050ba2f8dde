import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { getHeaders, type SipHeaderField, type SipRequest, type SipResponse } from "./sip-message";
import { newBranch } from "./sip-ids";
import { fail, ok, type SipResult } from "./sip-result";
import { quote, readQuoted, splitList } from "./sip-text";
import { formatVia, parseVia } from "./via";

/** A `WWW-Authenticate` / `Proxy-Authenticate` digest challenge (RFC 2617, RFC 8760). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  /** `MD5` (default), `MD5-sess`, `SHA-256`, `SHA-256-sess`. */
  algorithm: string;
  /** The qop options offered (`auth`, `auth-int`); empty for RFC 2069 digests. */
  qop: string[];
  stale: boolean;
}

export interface DigestCredentials {
  username: string;
  password: string;
}

const ALGORITHMS: Record<string, "md5" | "sha256"> = { MD5: "md5", "MD5-SESS": "md5", "SHA-256": "sha256", "SHA-256-SESS": "sha256" };

/** Reads `Digest k=v, k="v", …` (auth-params; values quoted or tokens), names lower-cased. */
export function parseAuthParams(value: string): SipResult<{ scheme: string; params: Map<string, string> }> {
  const text = value.trim();
  const space = text.search(/\s/);
  const scheme = space < 0 ? text : text.slice(0, space);
  if (!/^[A-Za-z0-9\-.!%*_+`'~]+$/.test(scheme)) return fail(`"${text.slice(0, 30)}" has no scheme`);
  const params = new Map<string, string>();
  let i = space < 0 ? text.length : space;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i] ?? "")) i++;
    if (i >= text.length) break;
    const nameStart = i;
    while (i < text.length && /[A-Za-z0-9\-.!%*_+`'~]/.test(text[i] ?? "")) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    while (text[i] === " " || text[i] === "\t") i++;
    if (name === "" || text[i] !== "=") return fail(`bad auth parameter at "${text.slice(nameStart, nameStart + 20)}"`);
    i++;
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] === '"') {
      const quoted = readQuoted(text, i);
      if (!quoted.ok) return quoted;
      params.set(name, quoted.value.value);
      i = quoted.value.end;
    } else {
      const valueStart = i;
      while (i < text.length && !/[\s,]/.test(text[i] ?? "")) i++;
      params.set(name, text.slice(valueStart, i));
    }
  }
  return ok({ scheme, params });
}

export function parseDigestChallenge(value: string): SipResult<DigestChallenge> {
  const parsed = parseAuthParams(value);
  if (!parsed.ok) return parsed;
  if (parsed.value.scheme.toLowerCase() !== "digest") return fail(`scheme ${parsed.value.scheme} is not Digest`);
  const { params } = parsed.value;
  const realm = params.get("realm");
  const nonce = params.get("nonce");
  if (realm === undefined || nonce === undefined) return fail("the challenge has no realm or nonce");
  const algorithm = (params.get("algorithm") ?? "MD5").toUpperCase();
  return ok({
    realm,
    nonce,
    opaque: params.get("opaque"),
    algorithm,
    qop: (params.get("qop") ?? "")
      .split(",")
      .map((option) => option.trim().toLowerCase())
      .filter((option) => option !== ""),
    stale: (params.get("stale") ?? "").toLowerCase() === "true",
  });
}

function hash(kind: "md5" | "sha256", text: string | Buffer): string {
  return createHash(kind).update(text).digest("hex");
}

/** The digest response value (RFC 2617 §3.2.2, RFC 8760): HA1, HA2, then with or without qop. */
export function digestResponse(input: {
  challenge: Pick<DigestChallenge, "realm" | "nonce" | "algorithm">;
  credentials: DigestCredentials;
  method: string;
  uri: string;
  qop: "auth" | "auth-int" | undefined;
  nc: string;
  cnonce: string;
  body?: Buffer;
}): string {
  const kind = ALGORITHMS[input.challenge.algorithm.toUpperCase()] ?? "md5";
  let ha1 = hash(kind, `${input.credentials.username}:${input.challenge.realm}:${input.credentials.password}`);
  if (input.challenge.algorithm.toUpperCase().endsWith("-SESS")) ha1 = hash(kind, `${ha1}:${input.challenge.nonce}:${input.cnonce}`);
  const ha2 = input.qop === "auth-int" ? hash(kind, `${input.method}:${input.uri}:${hash(kind, input.body ?? Buffer.alloc(0))}`) : hash(kind, `${input.method}:${input.uri}`);
  return input.qop ? hash(kind, `${ha1}:${input.challenge.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`) : hash(kind, `${ha1}:${input.challenge.nonce}:${ha2}`);
}

/** Whether we can answer this challenge (a hash we know, a qop we do or none). */
export function supportedChallenge(challenge: DigestChallenge): boolean {
  return ALGORITHMS[challenge.algorithm] !== undefined && (challenge.qop.length === 0 || challenge.qop.includes("auth") || challenge.qop.includes("auth-int"));
}

/**
 * Answers digest challenges for one peer: keeps the last challenge and counts `nc` for its nonce,
 * so later requests (REGISTER refreshes) can carry credentials before being challenged again.
 */
export class DigestSession {
  private challenge: DigestChallenge | undefined;
  private header: "authorization" | "proxy-authorization" = "authorization";
  private count = 0;

  constructor(private readonly credentials: DigestCredentials) {}

  /**
   * Takes the challenge of a 401/407 (MD5 preferred when several are offered); later calls to
   * `authorize` answer it. The caller decides when to give up: a second challenge to a request
   * that already answered one, without `stale=true`, means the credentials were refused.
   */
  accept(response: SipResponse): SipResult<DigestChallenge> {
    const proxy = response.status === 407;
    const values = getHeaders(response, proxy ? "proxy-authenticate" : "www-authenticate");
    const challenges = values.map(parseDigestChallenge).flatMap((parsed) => (parsed.ok && supportedChallenge(parsed.value) ? [parsed.value] : []));
    const challenge = challenges.find((candidate) => candidate.algorithm.startsWith("MD5")) ?? challenges[0];
    if (!challenge) return fail(values.length === 0 ? `the ${response.status} has no digest challenge` : "no digest challenge we can answer");
    this.challenge = challenge;
    this.header = proxy ? "proxy-authorization" : "authorization";
    this.count = 0;
    return ok(challenge);
  }

  /** Whether a challenge is held (credentials can be sent up front). */
  get ready(): boolean {
    return this.challenge !== undefined;
  }

  /** The header field answering the held challenge for `method uri`, nc counted up. */
  authorize(method: string, uri: string, body?: Buffer): SipHeaderField | undefined {
    const challenge = this.challenge;
    if (!challenge) return undefined;
    this.count += 1;
    const qop = challenge.qop.includes("auth") ? "auth" : challenge.qop.includes("auth-int") ? "auth-int" : undefined;
    const nc = this.count.toString(16).padStart(8, "0");
    const cnonce = randomBytes(8).toString("hex");
    const response = digestResponse({ challenge, credentials: this.credentials, method, uri, qop, nc, cnonce, body });
    const parts = [`username=${quote(this.credentials.username)}`, `realm=${quote(challenge.realm)}`, `nonce=${quote(challenge.nonce)}`, `uri=${quote(uri)}`, `response=${quote(response)}`, `algorithm=${challenge.algorithm}`];
    if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
    if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    return { name: this.header, value: `Digest ${parts.join(", ")}` };
  }

  /** Forget the challenge (a new registrar, new credentials). */
  reset(): void {
    this.challenge = undefined;
    this.count = 0;
  }
}

/**
 * The request again with credentials (RFC 3261 §22.2): same Call-ID, From tag and To, CSeq + 1,
 * a new branch, the old Authorization/Proxy-Authorization replaced by `credentials`.
 */
export function resendWithCredentials(request: SipRequest, credentials: SipHeaderField): SipRequest {
  const headers: SipHeaderField[] = [];
  let viaDone = false;
  for (const field of request.headers) {
    if (field.name === credentials.name) continue;
    if (field.name === "via" && !viaDone) {
      viaDone = true;
      const top = splitList(field.value)[0];
      const via = top === undefined ? undefined : parseVia(top);
      if (via?.ok) {
        via.value.params.set("branch", newBranch());
        headers.push({ name: "via", value: formatVia(via.value) });
        continue;
      }
    }
    if (field.name === "cseq") {
      const match = /^(\d+)\s+(\S+)$/.exec(field.value);
      headers.push({ name: "cseq", value: match ? `${Number(match[1]) + 1} ${match[2]}` : field.value });
      continue;
    }
    headers.push({ ...field });
  }
  headers.push(credentials);
  return { ...request, headers };
}

/**
 * The registrar side, for tests: whether an Authorization value answers `nonce` in `realm` for
 * `method` with `password` (MD5, qop=auth or none).
 */
export function verifyDigest(input: { authorization: string; method: string; realm: string; nonce: string; credentials: DigestCredentials }): boolean {
  const parsed = parseAuthParams(input.authorization);
  if (!parsed.ok || parsed.value.scheme.toLowerCase() !== "digest") return false;
  const { params } = parsed.value;
  if (params.get("username") !== input.credentials.username || params.get("realm") !== input.realm || params.get("nonce") !== input.nonce) return false;
  const qop = params.get("qop");
  const expected = digestResponse({
    challenge: { realm: input.realm, nonce: input.nonce, algorithm: params.get("algorithm") ?? "MD5" },
    credentials: input.credentials,
    method: input.method,
    uri: params.get("uri") ?? "",
    qop: qop === "auth" ? "auth" : undefined,
    nc: params.get("nc") ?? "",
    cnonce: params.get("cnonce") ?? "",
  });
  const given = Buffer.from(params.get("response") ?? "");
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}
