import { existsSync } from "node:fs";
import { createConnection } from "node:net";
import postgres from "postgres";
import { describe, expect, it, vi } from "vitest";
import { findPostgresBinaries, postgresTestsEnabled, startPostgresCluster } from "./postgres-cluster";

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

describe.skipIf(!postgresTestsEnabled())("a throwaway PostgreSQL cluster", () => {
  it("serves on 127.0.0.1 and on its own socket, makes databases, and is gone after stop()", async () => {
    const started = performance.now();
    const cluster = await startPostgresCluster();
    console.info(`PostgreSQL ${cluster.version} cluster started in ${Math.round(performance.now() - started)} ms`);
    try {
      const url = await cluster.createDatabase("cluster_probe");
      const sql = postgres(url, { max: 1 });
      try {
        const [row] = await sql<{ db: string; fsync: string }[]>`select current_database() as db, current_setting('fsync') as fsync`;
        expect(row).toEqual({ db: "cluster_probe", fsync: "off" });
      } finally {
        await sql.end();
      }
      const socketSql = postgres({ host: cluster.dir, port: cluster.port, user: "postgres", database: "postgres", max: 1 });
      try {
        const [row] = await socketSql<{ local: boolean }[]>`select inet_server_addr() is null as local`;
        expect(row?.local).toBe(true);
      } finally {
        await socketSql.end();
      }
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.dir)).toBe(false);
    expect(await canConnect(cluster.port)).toBe(false);
  });

  it("runs two clusters side by side on different ports", async () => {
    const [a, b] = await Promise.all([startPostgresCluster(), startPostgresCluster()]);
    try {
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe("finding PostgreSQL", () => {
  it("skips loudly where there are no binaries, and runs (to fail) under CI=true", () => {
    const nowhere = "/nonexistent/postgresql";
    const none = { PATH: "/nonexistent", PG_BIN: "/nonexistent" };
    expect(findPostgresBinaries(none, nowhere)).toBeUndefined();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(postgresTestsEnabled(none, nowhere)).toBe(false);
      expect(postgresTestsEnabled({ ...none, CI: "true" }, nowhere)).toBe(true);
      expect(warn.mock.calls.flat().join(" ")).toContain("Debian's package `postgresql`");
    } finally {
      warn.mockRestore();
    }
  });

  it.skipIf(!findPostgresBinaries())("takes $PG_BIN before anything else", () => {
    const found = findPostgresBinaries();
    if (!found) throw new Error("unreachable: skipped without binaries");
    expect(findPostgresBinaries({ PATH: "/nonexistent", PG_BIN: found.binDir }, "/nonexistent/postgresql")).toEqual(found);
  });
});
