import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Debian's openssl command line tool (package `openssl`). */
export const OPENSSL = "/usr/bin/openssl";

/**
 * A self-signed certificate for 127.0.0.1 (RSA 2048, a day long, subjectAltName IP:127.0.0.1) made
 * with openssl into `dir`: `cert.pem` and `key.pem`, for SIP over TLS on loopback. Fails loudly
 * when openssl is not installed.
 */
export function writeTestCertificate(dir: string, program = OPENSSL): { certFile: string; keyFile: string } {
  if (!existsSync(program)) throw new Error(`Debian package openssl is not installed (${program} is missing): \`sudo apt-get install openssl\``);
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    program,
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile, "-out", certFile],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { certFile, keyFile };
}
