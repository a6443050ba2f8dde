import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";

/**
 * Sends one INVITE (or OPTIONS) over UDP from `from` (any 127.x address works on Linux loopback) and resolves
 * with the first final response's status line (after 100 Trying), or `timeout` after 3 s. For
 * refusals that happen before any dialog: a stranger's 403, an unknown number's 404.
 */
export async function sendRawSip(input: { from: string; to: { host: string; port: number }; user: string; method?: "INVITE" | "OPTIONS"; body?: string; timeoutMs?: number }): Promise<{ statusLine: string; text: string }> {
  const method = input.method ?? "INVITE";
  const socket = createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, input.from, () => resolve());
  });
  const port = socket.address().port;
  const branch = `z9hG4bK${randomBytes(6).toString("hex")}`;
  const sdp = method === "OPTIONS" ? "" : input.body ?? `v=0\r\no=raw 1 1 IN IP4 ${input.from}\r\ns=-\r\nc=IN IP4 ${input.from}\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n`;
  const message = [
    `${method} sip:${input.user}@${input.to.host}:${input.to.port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${input.from}:${port};branch=${branch};rport`,
    `From: <sip:+15550100777@${input.from}>;tag=${randomBytes(4).toString("hex")}`,
    `To: <sip:${input.user}@${input.to.host}>`,
    `Call-ID: ${randomBytes(8).toString("hex")}@${input.from}`,
    `CSeq: 1 ${method}`,
    `Contact: <sip:raw@${input.from}:${port}>`,
    "Max-Forwards: 70",
    ...(sdp === "" ? [] : ["Content-Type: application/sdp"]),
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    "",
    sdp,
  ].join("\r\n");
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ statusLine: "timeout", text: "" }), input.timeoutMs ?? 3000);
      socket.on("message", (data) => {
        const text = data.toString("utf8");
        const statusLine = text.split("\r\n")[0] ?? "";
        if (/^SIP\/2\.0 1\d\d /.test(statusLine)) return;
        clearTimeout(timer);
        resolve({ statusLine, text });
      });
      socket.send(message, input.to.port, input.to.host);
    });
  } finally {
    socket.close();
  }
}
