import { describe, expect, it } from "vitest";
import { tagOf } from "./name-addr";
import { getHeader, getHeaders } from "./sip-message";
import { SipDialog, SipDialogs } from "./sip-dialog";
import { cancelFor, buildRequest } from "./sip-requests";
import { buildResponse } from "./sip-response";
import { incoming, reparse } from "./test-support/sip-messages";

const local = { host: "203.0.113.10", port: 5060, transport: "udp" as const };
const CONTACT = "<sip:switchboard@203.0.113.10:5060>";
const INVITE = `INVITE sip:+15551234567@203.0.113.10 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.2:5060;branch=z9hG4bKprx;received=198.51.100.2
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv1
Record-Route: <sip:198.51.100.2;lr>, <sip:198.51.100.3;lr;transport=tcp>
Max-Forwards: 69
To: <sip:+15551234567@203.0.113.10>
From: "Alice" <sip:alice@carrier.example>;tag=alice-tag
Call-ID: call-1@192.0.2.10
CSeq: 10 INVITE
Contact: <sip:alice@192.0.2.10:5070>
Content-Length: 0

`;

function uasDialog() {
  const invite = incoming(INVITE, { transport: "udp", address: "198.51.100.2", port: 5060 });
  if (invite.message.kind !== "request") throw new Error();
  const dialog = SipDialog.asUas({ ...invite, message: invite.message }, "our-tag", local, CONTACT);
  if (!dialog) throw new Error("no dialog");
  return dialog;
}

describe("SipDialog as UAS", () => {
  it("builds BYE: Request-URI the Contact, Route the Record-Route in order, tags swapped, CSeq counting up, a new branch each", () => {
    const dialog = uasDialog();
    const first = reparse(dialog.request("BYE"));
    const second = reparse(dialog.request("BYE"));
    expect(first.message.kind === "request" && first.message.uri).toBe("sip:alice@192.0.2.10:5070");
    expect(getHeaders(first.message, "route")).toEqual(["<sip:198.51.100.2;lr>", "<sip:198.51.100.3;lr;transport=tcp>"]);
    expect(tagOf(first.core.from)).toBe("our-tag");
    expect(first.core.from.uriText).toBe("sip:+15551234567@203.0.113.10");
    expect(tagOf(first.core.to)).toBe("alice-tag");
    expect(first.core.to.displayName).toBe("Alice");
    expect(first.core.callId).toBe("call-1@192.0.2.10");
    expect(second.core.cseq.seq).toBe(first.core.cseq.seq + 1);
    expect(first.core.via[0]?.params.get("branch")).not.toBe(second.core.via[0]?.params.get("branch"));
    expect(first.core.via[0]).toMatchObject({ transport: "UDP", host: "203.0.113.10", port: 5060 });
    expect(dialog.destination()).toEqual({ transport: "udp", address: "198.51.100.2", port: 5060 });
  });

  it("a request with a lower CSeq gets 500; a re-INVITE's Contact becomes the remote target", () => {
    const dialog = uasDialog();
    const reinvite = incoming(INVITE.replace("CSeq: 10 INVITE", "CSeq: 11 INVITE").replace("Contact: <sip:alice@192.0.2.10:5070>", "Contact: <sip:alice@192.0.2.99:5080>").replace("To: <sip:+15551234567@203.0.113.10>", "To: <sip:+15551234567@203.0.113.10>;tag=our-tag"));
    if (reinvite.message.kind !== "request") throw new Error();
    expect(dialog.receiveRequest(reinvite.message, reinvite.core)).toEqual({ ok: true });
    expect(dialog.remoteTarget).toBe("sip:alice@192.0.2.99:5080");
    expect(dialog.remoteSeq).toBe(11);
    const stale = incoming(INVITE.replace("INVITE sip:", "BYE sip:").replace("CSeq: 10 INVITE", "CSeq: 9 BYE"));
    if (stale.message.kind !== "request") throw new Error();
    expect(dialog.receiveRequest(stale.message, stale.core)).toEqual({ ok: false, status: 500, reason: "CSeq out of order" });
  });

  it("SipDialogs finds a dialog by Call-ID and both tags (To ours, From theirs), and nothing for an unknown tag", () => {
    const dialogs = new SipDialogs();
    const dialog = uasDialog();
    dialogs.add(dialog);
    const bye = (toTag: string) => incoming(INVITE.replace("INVITE sip:", "BYE sip:").replace("CSeq: 10 INVITE", "CSeq: 11 BYE").replace("To: <sip:+15551234567@203.0.113.10>", `To: <sip:+15551234567@203.0.113.10>;tag=${toTag}`));
    expect(dialogs.forRequest(bye("our-tag").core)).toBe(dialog);
    expect(dialogs.forRequest(bye("other").core)).toBeUndefined();
    dialogs.delete(dialog);
    expect(dialogs.size).toBe(0);
  });
});

describe("SipDialog as UAC", () => {
  const invite = buildRequest({ method: "INVITE", uri: "sip:+15550001@198.51.100.9", local, from: { uri: "sip:1001@trunk.example", tag: "ours" }, to: { uri: "sip:+15550001@trunk.example" }, callId: "out-1", cseq: 20, contact: CONTACT });
  const sent = reparse(invite);
  const ok = buildResponse(invite, sent.core, 200, { toTag: "theirs", headers: [["Record-Route", "<sip:p1.example;lr>, <sip:p2.example;lr>"], ["Contact", "<sip:callee@198.51.100.9:5090>"]] });

  it("takes the route set reversed and the 2xx's Contact; ACK reuses the INVITE's CSeq number with a new branch", () => {
    const response = reparse(ok);
    if (response.message.kind !== "response") throw new Error();
    const dialog = SipDialog.asUac(invite, sent.core, { ...response, message: response.message }, local, CONTACT);
    if (!dialog) throw new Error();
    const ack = reparse(dialog.ack(20));
    expect(ack.core.cseq).toEqual({ seq: 20, method: "ACK" });
    expect(ack.core.via[0]?.params.get("branch")).not.toBe(sent.core.via[0]?.params.get("branch"));
    expect(getHeaders(ack.message, "route")).toEqual(["<sip:p2.example;lr>", "<sip:p1.example;lr>"]);
    expect(ack.message.kind === "request" && ack.message.uri).toBe("sip:callee@198.51.100.9:5090");
    expect(dialog.destination()).toEqual({ transport: "udp", address: "p2.example", port: 5060 });
    const bye = reparse(dialog.request("BYE"));
    expect(bye.core.cseq).toEqual({ seq: 21, method: "BYE" });
  });

  it("CANCEL reuses the INVITE's branch and CSeq number", () => {
    const cancel = reparse(cancelFor(invite));
    expect(cancel.core.via[0]?.params.get("branch")).toBe(sent.core.via[0]?.params.get("branch"));
    expect(cancel.core.cseq).toEqual({ seq: 20, method: "CANCEL" });
    expect(cancel.message.kind === "request" && cancel.message.uri).toBe(invite.uri);
    expect(tagOf(cancel.core.to)).toBeUndefined();
    expect(getHeader(cancel.message, "contact")).toBeUndefined();
  });
});
