import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SecretBox, SecretBoxError } from "./secret-box";
import { decodeSecretKey, resolveSecretKey } from "./secret-key";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-secret-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("SecretBox (AES-256-GCM)", () => {
  const box = new SecretBox(randomBytes(32));

  it("opens what it sealed, with a fresh IV each time", () => {
    const first = box.seal('{"authToken":"f00dfeedcafe"}', "channel:a");
    const second = box.seal('{"authToken":"f00dfeedcafe"}', "channel:a");
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toContain("f00dfeedcafe");
    expect(box.open(first, "channel:a")).toBe('{"authToken":"f00dfeedcafe"}');
  });

  it("refuses another context, another key, and any tampering", () => {
    const sealed = box.seal("secret", "channel:a");
    expect(() => box.open(sealed, "channel:b")).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, "channel:a")).toThrow(SecretBoxError);
    const parts = sealed.split(".");
    const body = parts[3] ?? "";
    const flipped = `${body.startsWith("A") ? "B" : "A"}${body.slice(1)}`;
    expect(() => box.open([parts[0], parts[1], parts[2], flipped].join("."), "channel:a")).toThrow(SecretBoxError);
    expect(() => box.open("plaintext", "channel:a")).toThrow(SecretBoxError);
  });

  it("needs a 32-byte key", () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("the secret key", () => {
  const key = randomBytes(32);

  it("reads 32 bytes as hex, base64 or base64url, and nothing else", () => {
    expect(decodeSecretKey(key.toString("hex"))).toEqual(key);
    expect(decodeSecretKey(key.toString("base64"))).toEqual(key);
    expect(decodeSecretKey(` ${key.toString("base64url")}\n`)).toEqual(key);
    expect(decodeSecretKey(randomBytes(16).toString("base64"))).toBeUndefined();
    expect(decodeSecretKey("not a key")).toBeUndefined();
  });

  it("comes from SWITCHBOARD_SECRET_KEY when set, and no file is written", () => {
    const dir = tempDir();
    expect(resolveSecretKey({ secretKey: key.toString("hex"), dataDir: dir })).toEqual({ key, origin: "env", created: false });
    expect(() => statSync(join(dir, "secret.key"))).toThrow();
    expect(() => resolveSecretKey({ secretKey: "short", dataDir: dir })).toThrow(/SWITCHBOARD_SECRET_KEY/);
  });

  it("is otherwise created in the data directory with mode 0600, then reused", () => {
    const dir = tempDir();
    const created = resolveSecretKey({ dataDir: dir });
    const file = join(dir, "secret.key");
    expect(created).toMatchObject({ origin: file, created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeSecretKey(readFileSync(file, "utf8"))).toEqual(created.key);
    expect(resolveSecretKey({ dataDir: dir })).toEqual({ key: created.key, origin: file, created: false });
  });

  it("narrows a key file readable by others to 0600, and refuses one that holds no key", () => {
    const dir = tempDir();
    const file = join(dir, "secret.key");
    writeFileSync(file, key.toString("base64"), { mode: 0o644 });
    expect(resolveSecretKey({ dataDir: dir }).key).toEqual(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, "garbage");
    expect(() => resolveSecretKey({ dataDir: dir })).toThrow(/does not hold a 32-byte key/);
  });
});
