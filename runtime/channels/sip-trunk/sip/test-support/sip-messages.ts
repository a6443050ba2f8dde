import type { SipDestination, SipSource } from "../sip-endpoint";
import { serializeSipMessage, type SipMessage } from "../sip-message";
import { parseSipMessage } from "../sip-parse";
import type { SipSender } from "../sip-transactions";
import type { IncomingSip } from "../sip-transport";
import { annotateTopVia } from "../via-routing";

/** A message from text written with `\n` line ends (turned into CRLF), parsed as a datagram from `source`. */
export function incoming(text: string, source: SipSource = { transport: "udp", address: "192.0.2.10", port: 5060 }): IncomingSip {
  const result = parseSipMessage(Buffer.from(text.replace(/\r?\n/g, "\r\n")));
  if (result.kind !== "message") throw new Error(`test message does not parse: ${JSON.stringify(result)}`);
  if (result.message.kind === "request") annotateTopVia(result.message, result.core, source);
  return { message: result.message, core: result.core, source };
}

/** A message we sent, parsed back as the peer would read it. */
export function reparse(message: SipMessage, source: SipSource = { transport: "udp", address: "192.0.2.1", port: 5060 }): IncomingSip {
  const result = parseSipMessage(serializeSipMessage(message));
  if (result.kind !== "message") throw new Error(`sent message does not parse: ${JSON.stringify(result)}`);
  return { message: result.message, core: result.core, source };
}


/** A SipSender that records what would go on the wire (unit tests of the layers above the transport). */
export class RecordingSender implements SipSender {
  readonly sent: Array<{ message: SipMessage; destination: SipDestination }> = [];
  failWith: Error | undefined;

  async send(message: SipMessage, destination: SipDestination): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ message, destination });
  }

  /** Status codes and methods sent so far, in order: `["100", "180", "INVITE"]`. */
  get summary(): string[] {
    return this.sent.map(({ message }) => (message.kind === "request" ? message.method : String(message.status)));
  }

  clear(): void {
    this.sent.length = 0;
  }
}
