import { randomInt } from "node:crypto";
import { formatNameAddr, parseNameAddr, tagOf, type NameAddr } from "./name-addr";
import { buildRequest, type SipLocalEndpoint } from "./sip-requests";
import { DEFAULT_PORTS, transportFromToken, type SipDestination, type SipSource, type SipTransportName } from "./sip-endpoint";
import { getHeaders, type SipCore, type SipMessage, type SipRequest, type SipResponse } from "./sip-message";
import { parseSipUri } from "./sip-uri";

/** A dialog's identity (RFC 3261 §12): Call-ID and both tags. */
export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export function dialogKey(id: DialogId): string {
  return `${id.callId}|${id.localTag}|${id.remoteTag}`;
}

/** The dialog key of a request received within a dialog: Call-ID, our tag (To) and theirs (From). */
export function incomingRequestDialogKey(core: SipCore): string | undefined {
  const local = tagOf(core.to);
  const remote = tagOf(core.from);
  return local && remote ? dialogKey({ callId: core.callId, localTag: local, remoteTag: remote }) : undefined;
}

/** The dialog key of a response to our request: Call-ID, our tag (From) and theirs (To). */
export function incomingResponseDialogKey(core: SipCore): string | undefined {
  const local = tagOf(core.from);
  const remote = tagOf(core.to);
  return local && remote ? dialogKey({ callId: core.callId, localTag: local, remoteTag: remote }) : undefined;
}

function withoutTag(value: NameAddr): { displayName: string | undefined; uri: string } {
  return { displayName: value.displayName, uri: value.uriText };
}

function contactUri(message: SipMessage): string | undefined {
  const contact = getHeaders(message, "contact")[0];
  if (contact === undefined) return undefined;
  const parsed = parseNameAddr(contact);
  return parsed.ok ? parsed.value.uriText : undefined;
}

export type InDialogCheck = { ok: true } | { ok: false; status: 500; reason: string };

/**
 * One SIP dialog (RFC 3261 §12): its id, CSeq per direction, route set (Record-Route), remote
 * target (Contact, replaced by target refreshes), and what is needed to build in-dialog requests.
 */
export class SipDialog {
  readonly id: DialogId;
  readonly key: string;
  /** Our CSeq: the last number we used. */
  localSeq: number;
  /** Theirs: the last number they used (undefined until their first request). */
  remoteSeq: number | undefined;
  remoteTarget: string;
  readonly routeSet: readonly string[];
  readonly local: { displayName: string | undefined; uri: string };
  readonly remote: { displayName: string | undefined; uri: string };
  /** Our re-INVITE/UPDATE with an offer is waiting for its answer (RFC 3261 §14.1: glare → 491). */
  pendingOutgoingOffer = false;
  /** Their re-INVITE is waiting for our final response (RFC 3261 §14.2: another → 500 Retry-After). */
  pendingIncomingInvite = false;

  private constructor(
    readonly role: "uac" | "uas",
    id: DialogId,
    init: { localSeq: number; remoteSeq: number | undefined; remoteTarget: string; routeSet: string[]; local: SipDialog["local"]; remote: SipDialog["remote"] },
    readonly localEndpoint: SipLocalEndpoint,
    readonly contact: string,
    /** The connection or address the dialog was created over (in-dialog requests prefer its connection). */
    readonly flow: SipSource | undefined,
  ) {
    this.id = id;
    this.key = dialogKey(id);
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.local = init.local;
    this.remote = init.remote;
  }

  /** The dialog an INVITE we answer creates (UAS, RFC 3261 §12.1.1): Record-Route in order, Contact as remote target. */
  static asUas(invite: { message: SipRequest; core: SipCore; source: SipSource }, localTag: string, localEndpoint: SipLocalEndpoint, contact: string): SipDialog | undefined {
    const remoteTag = tagOf(invite.core.from);
    const target = contactUri(invite.message);
    if (remoteTag === undefined || target === undefined) return undefined;
    return new SipDialog(
      "uas",
      { callId: invite.core.callId, localTag, remoteTag },
      {
        localSeq: randomInt(1, 2 ** 16),
        remoteSeq: invite.core.cseq.seq,
        remoteTarget: target,
        routeSet: getHeaders(invite.message, "record-route"),
        local: withoutTag(invite.core.to),
        remote: withoutTag(invite.core.from),
      },
      localEndpoint,
      contact,
      invite.source,
    );
  }

  /** The dialog a 2xx (or 1xx with a tag) to our INVITE creates (UAC, RFC 3261 §12.1.2): Record-Route reversed. */
  static asUac(invite: SipRequest, inviteCore: SipCore, response: { message: SipResponse; core: SipCore; source: SipSource }, localEndpoint: SipLocalEndpoint, contact: string): SipDialog | undefined {
    const localTag = tagOf(inviteCore.from);
    const remoteTag = tagOf(response.core.to);
    const target = contactUri(response.message) ?? invite.uri;
    if (localTag === undefined || remoteTag === undefined) return undefined;
    return new SipDialog(
      "uac",
      { callId: inviteCore.callId, localTag, remoteTag },
      {
        localSeq: inviteCore.cseq.seq,
        remoteSeq: undefined,
        remoteTarget: target,
        routeSet: getHeaders(response.message, "record-route").reverse(),
        local: withoutTag(inviteCore.from),
        remote: withoutTag(response.core.to),
      },
      localEndpoint,
      contact,
      response.source,
    );
  }

  /**
   * Checks a request received in this dialog (RFC 3261 §12.2.2): a CSeq lower than the last one
   * is answered 500; otherwise it is remembered, and a target refresh (re-INVITE, UPDATE) with a
   * Contact replaces the remote target.
   */
  receiveRequest(request: SipRequest, core: SipCore): InDialogCheck {
    if (request.method !== "ACK" && request.method !== "CANCEL") {
      if (this.remoteSeq !== undefined && core.cseq.seq < this.remoteSeq) return { ok: false, status: 500, reason: "CSeq out of order" };
      this.remoteSeq = core.cseq.seq;
    }
    if (request.method === "INVITE" || request.method === "UPDATE") {
      const target = contactUri(request);
      if (target) this.remoteTarget = target;
    }
    return { ok: true };
  }

  /** A 2xx to our re-INVITE/UPDATE: its Contact is the new remote target. */
  receiveRefreshResponse(response: SipResponse): void {
    const target = contactUri(response);
    if (target) this.remoteTarget = target;
  }

  /**
   * A new request in this dialog (RFC 3261 §12.2.1.1): Request-URI the remote target, Route the
   * route set (loose routing), To/From with both tags, the next CSeq (or `cseq` for an ACK), a new branch.
   */
  request(method: string, options: { body?: Buffer; contentType?: string; headers?: ReadonlyArray<readonly [string, string]>; cseq?: number; userAgent?: string } = {}): SipRequest {
    let cseq = options.cseq;
    if (cseq === undefined) {
      this.localSeq += 1;
      cseq = this.localSeq;
    }
    const request = buildRequest({
      method,
      uri: this.remoteTarget,
      local: this.localEndpoint,
      from: { ...this.local, tag: this.id.localTag },
      to: { ...this.remote, tag: this.id.remoteTag },
      callId: this.id.callId,
      cseq,
      contact: method === "BYE" || method === "CANCEL" || method === "ACK" ? undefined : this.contact,
      routes: this.routeSet,
      headers: options.headers,
      body: options.body,
      contentType: options.contentType,
      userAgent: options.userAgent,
    });
    return request;
  }

  /** The ACK of a 2xx to our INVITE with CSeq `inviteSeq`: a new request (new branch) with the INVITE's CSeq number. */
  ack(inviteSeq: number, body?: Buffer): SipRequest {
    return this.request("ACK", { cseq: inviteSeq, body });
  }

  /** Where in-dialog requests go: the first route's URI, else the remote target (its host, port and transport). */
  destination(): SipDestination | undefined {
    const first = this.routeSet[0];
    const parsedRoute = first === undefined ? undefined : parseNameAddr(first);
    const uriText = parsedRoute?.ok ? parsedRoute.value.uriText : this.remoteTarget;
    const uri = parseSipUri(uriText);
    if (!uri.ok || uri.value.host === "") return undefined;
    const transport: SipTransportName = transportFromToken(uri.value.params.get("transport")) ?? (uri.value.scheme === "sips" ? "tls" : this.localEndpoint.transport);
    const destination: SipDestination = { transport, address: uri.value.host, port: uri.value.port ?? DEFAULT_PORTS[transport] };
    if (this.flow?.connectionId !== undefined && this.flow.transport === transport) destination.connectionId = this.flow.connectionId;
    return destination;
  }

  /** The Contact we send in this dialog. */
  get localContact(): string {
    return this.contact;
  }

  /** The remote party as a To/From value with its tag. */
  get remoteNameAddr(): string {
    return formatNameAddr({ displayName: this.remote.displayName, uriText: this.remote.uri, params: new Map([["tag", this.id.remoteTag]]) });
  }
}

/** Dialogs by key; in-dialog requests that match none get 481 (RFC 3261 §12.2.2). */
export class SipDialogs {
  private readonly dialogs = new Map<string, SipDialog>();

  get size(): number {
    return this.dialogs.size;
  }

  add(dialog: SipDialog): void {
    this.dialogs.set(dialog.key, dialog);
  }

  delete(dialog: SipDialog): void {
    if (this.dialogs.get(dialog.key) === dialog) this.dialogs.delete(dialog.key);
  }

  get(key: string | undefined): SipDialog | undefined {
    return key === undefined ? undefined : this.dialogs.get(key);
  }

  /** The dialog of a request we received (To tag ours, From tag theirs). */
  forRequest(core: SipCore): SipDialog | undefined {
    return this.get(incomingRequestDialogKey(core));
  }

  all(): SipDialog[] {
    return [...this.dialogs.values()];
  }
}
