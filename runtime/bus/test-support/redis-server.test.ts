import { existsSync, readdirSync } from "node:fs";
import { createConnection } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { findRedisServer, redisTestsEnabled, startRedisServer } from "./redis-server";

/** Sends one inline command and answers the first reply line. */
async function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => socket.write(`${line}\r\n`));
    socket.once("data", (data) => {
      resolve(data.toString("utf8"));
      socket.end();
    });
    socket.once("error", reject);
  });
}

describe("finding redis-server", () => {
  it("skips loudly, naming the Debian package, where redis-server is missing; under CI=true the tests run (and fail)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(findRedisServer({ PATH: "/nonexistent" })).toBeUndefined();
      expect(redisTestsEnabled({ PATH: "/nonexistent" })).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("apt-get install redis-server"));
      expect(redisTestsEnabled({ PATH: "/nonexistent", CI: "true" })).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});

describe.skipIf(!redisTestsEnabled())("a throwaway redis-server", () => {
  it("listens on loopback with no persistence, restarts empty on the same port, and leaves nothing behind", async () => {
    const redis = await startRedisServer();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(readdirSync(redis.dir)).toEqual(["redis.log"]);
      expect(await command(redis.port, "PING")).toBe("+PONG\r\n");
      expect(await command(redis.port, "CONFIG GET save")).toContain("save\r\n$0\r\n");
      expect(await command(redis.port, "CONFIG GET appendonly")).toContain("no");
      expect(await command(redis.port, "SET k v")).toBe("+OK\r\n");
      await redis.restart();
      expect(await command(redis.port, "GET k")).toBe("$-1\r\n");
    } finally {
      await redis.stop();
    }
    await expect(command(redis.port, "PING")).rejects.toThrow(/ECONNREFUSED/);
    expect(existsSync(redis.dir)).toBe(false);
  });
});
