import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { freePort } from "../../test-support/free-port";

/**
 * A throwaway PostgreSQL server for tests, from the machine's own binaries (Debian's package
 * `postgresql`): `initdb` and `pg_ctl` in a temp directory, listening on a free 127.0.0.1 port and
 * on a unix socket in that directory, with fsync off. `stop()` stops it and removes the directory.
 *
 * initdb and postgres refuse to run as root: when this process is root (CI is), the cluster is
 * made and run as the `postgres` user (made by Debian's package), else as `nobody`, through
 * `setpriv`.
 */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  url: string;
  port: number;
  /** The temp directory: data/, the socket, postgres.log. */
  dir: string;
  /** The server's major version, e.g. `15`. */
  version: string;
  /** Creates an empty database (or a copy of `template`, which nobody may be connected to) and answers its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Stops the server (immediate mode: nothing here needs to survive) and removes the directory. */
  stop(): Promise<void>;
  /** Shuts the server down (fast mode), keeping its data and port: an outage, as clients see it. */
  shutDown(): Promise<void>;
  /** Starts it again on the same port after `shutDown()`. */
  startAgain(): Promise<void>;
}

export interface PostgresBinaries {
  /** The folder holding initdb, pg_ctl and postgres. */
  binDir: string;
  version: string;
}

const NEEDED = ["initdb", "pg_ctl", "postgres"];
const hasAll = (dir: string) => NEEDED.every((name) => existsSync(join(dir, name)));

/**
 * Where the PostgreSQL server binaries are: `$PG_BIN`, else the newest `/usr/lib/postgresql/<ver>/bin`
 * (Debian's layout; its `pg_ctl` is not on PATH), else `pg_ctl` on PATH. Undefined when none.
 */
export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env, debian = "/usr/lib/postgresql"): PostgresBinaries | undefined {
  const candidates: string[] = [];
  if (env.PG_BIN) candidates.push(env.PG_BIN);
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, "bin")));
  }
  candidates.push(...(env.PATH ?? "").split(delimiter).filter(Boolean));
  const binDir = candidates.find(hasAll);
  if (!binDir) return undefined;
  const out = execFileSync(join(binDir, "pg_ctl"), ["--version"], { encoding: "utf8" });
  const version = /(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? "unknown";
  return { binDir, version };
}

/**
 * Whether the tests that need PostgreSQL run here. They run when the binaries are found, and
 * always when `CI=true` (where missing binaries then fail them in `startPostgresCluster`). Else
 * they are skipped, and this says so loudly (each test file that asks).
 */
export function postgresTestsEnabled(env: NodeJS.ProcessEnv = process.env, debian?: string): boolean {
  if (findPostgresBinaries(env, debian) || env.CI === "true") return true;
  console.warn(
    "\n!!! PostgreSQL tests SKIPPED: no initdb/pg_ctl/postgres found ($PG_BIN, /usr/lib/postgresql/<version>/bin, PATH).\n" +
      "!!! Install Debian's package `postgresql` (apt-get install postgresql) to run them; with CI=true they fail instead.\n",
  );
  return false;
}

/** The user the server runs as when this process is root; undefined when it is not root. */
function unprivilegedUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      return { uid, gid, name };
    } catch {
      // No such user: try the next.
    }
  }
  throw new Error("running as root, and neither the `postgres` nor the `nobody` user exists to run PostgreSQL as");
}


const run = promisify(execFile);

/**
 * The temp folder, when every folder above it lets others through (the server's user must reach
 * its data directory); else /tmp. A short path also keeps the socket's within the 107-byte limit.
 */
function reachableTmp(): string {
  const base = tmpdir();
  const ancestors = base.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/") || "/");
  return ancestors.every((folder) => (statSync(folder).mode & 0o001) !== 0) && base.length < 60 ? base : "/tmp";
}

/** Starts a fresh cluster (about a second). Throws, naming the Debian package, when the binaries are missing. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const binaries = findPostgresBinaries();
  if (!binaries) throw new Error("PostgreSQL binaries not found ($PG_BIN, /usr/lib/postgresql/<version>/bin, PATH): install Debian's package `postgresql`");
  const user = unprivilegedUser();
  const dir = mkdtempSync(join(user ? reachableTmp() : tmpdir(), "switchboard-pg-"));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const log = join(dir, "postgres.log");
  const env = { ...process.env, LC_ALL: "C", LANG: "C", PGTZ: "UTC" };
  const as = (binary: string, args: string[]) =>
    user
      ? ({ file: "setpriv", args: [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--", join(binaries.binDir, binary), ...args] } as const)
      : ({ file: join(binaries.binDir, binary), args } as const);
  const exec = async (binary: string, args: string[]) => {
    const command = as(binary, args);
    try {
      await run(command.file, command.args, { env, cwd: dir, timeout: 60_000 });
    } catch (error) {
      const logTail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "";
      throw new Error(`${binary} ${args[0] ?? ""} failed: ${error instanceof Error ? error.message : String(error)}\n${logTail}`);
    }
  };

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    const command = as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    if (existsSync(join(data, "postmaster.pid"))) spawnSync(command.file, command.args, { env, cwd: dir, stdio: "ignore", timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that ends without stop() must not leave a server running.
  process.once("exit", stopNow);

  try {
    await exec("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
    let port = 0;
    let options = "";
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      options = [`-p ${port}`, "-h 127.0.0.1", `-k ${dir}`, "-F", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200"].join(" ");
      try {
        await exec("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "30", "-o", options, "start"]);
        break;
      } catch (error) {
        // Another process took the port between freePort() and the server's bind: try another.
        if (attempt >= 3) throw error;
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      port,
      dir,
      version: binaries.version,
      async createDatabase(name, template) {
        for (const given of [name, template ?? name]) {
          if (!/^[a-z_][a-z0-9_]*$/.test(given)) throw new Error(`database name ${JSON.stringify(given)}: use lower-case letters, digits and _`);
        }
        const sql = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await sql.unsafe(`create database "${name}"${template === undefined ? "" : ` template "${template}"`}`);
        } finally {
          await sql.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        process.removeListener("exit", stopNow);
        if (stopped) return;
        stopped = true;
        try {
          if (existsSync(join(data, "postmaster.pid"))) await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      async shutDown() {
        await exec("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      },
      async startAgain() {
        await exec("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "30", "-o", options, "start"]);
      },
    };
  } catch (error) {
    process.removeListener("exit", stopNow);
    stopNow();
    throw error;
  }
}
