import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { TEST_SCRYPT } from "./test-support/test-store";

describe("password hashing", () => {
  it("stores scrypt$N$r$p$salt$hash and verifies the right password only", async () => {
    const stored = await hashPassword("correct horse", TEST_SCRYPT);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horse!", stored)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same", TEST_SCRYPT)).not.toBe(await hashPassword("same", TEST_SCRYPT));
  });

  it("uses the default cost when none is given", async () => {
    const stored = await hashPassword("pw");
    expect(stored.startsWith("scrypt$32768$8$3$")).toBe(true);
    expect(await verifyPassword("pw", stored)).toBe(true);
  });

  it("rejects malformed or absurd stored hashes instead of throwing", async () => {
    for (const bad of ["", "bcrypt$x", "scrypt$3$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "scrypt$1073741824$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"]) {
      expect(await verifyPassword("pw", bad)).toBe(false);
    }
  });
});
