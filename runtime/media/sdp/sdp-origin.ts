import { randomInt } from "node:crypto";

/**
 * Our `o=` line across a call (RFC 3264 §8, RFC 4566 §5.2): one session id, and a version that
 * goes up only when the rest of our SDP changes. A refresh answered with the same SDP keeps the
 * version (RFC 4028 refreshes; MEDIA.md 3.2), hold and resume bump it.
 */
export class LocalSdpOrigin {
  readonly sessionId: string;
  private version: number;
  private lastBody: string | undefined;

  constructor(
    private readonly address: string,
    private readonly username = "switchboard",
  ) {
    this.sessionId = String(randomInt(1, 2 ** 31));
    this.version = 1;
  }

  /** The version of the last SDP rendered. */
  get currentVersion(): number {
    return this.version;
  }

  /** The full SDP for a body (everything but `v=` and `o=`), with the version bumped if the body changed. */
  render(body: string): string {
    if (this.lastBody !== undefined && this.lastBody !== body) this.version += 1;
    this.lastBody = body;
    const family = this.address.includes(":") ? "IP6" : "IP4";
    return `v=0\r\no=${this.username} ${this.sessionId} ${this.version} IN ${family} ${this.address}\r\n${body}`;
  }
}
