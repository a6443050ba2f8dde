import { describe, expect, it } from "vitest";
import { configFromEnv } from "../config";
import { busTargetFromEnv } from "./bus-target";

describe("which bus the configuration chooses", () => {
  it("REDIS_URL → Redis (even beside a PostgreSQL DATABASE_URL); DATABASE_URL postgres → LISTEN/NOTIFY; neither → in-process", () => {
    expect(busTargetFromEnv({ REDIS_URL: "redis://cache:6379/2", DATABASE_URL: "postgres://db/app" })).toEqual({ kind: "redis", url: "redis://cache:6379/2" });
    expect(busTargetFromEnv({ REDIS_URL: "rediss://user:pw@cache:6380" })).toEqual({ kind: "redis", url: "rediss://user:pw@cache:6380" });
    expect(busTargetFromEnv({ DATABASE_URL: "postgresql://u:p@db:5432/app" })).toEqual({ kind: "postgres", url: "postgresql://u:p@db:5432/app" });
    expect(busTargetFromEnv({ REDIS_URL: "  ", DATABASE_URL: "" })).toEqual({ kind: "in-process" });
    expect(configFromEnv({ DATA_DIR: "/tmp/unused" }).bus).toEqual({ kind: "in-process" });
    expect(configFromEnv({ DATA_DIR: "/tmp/unused", REDIS_URL: "redis://127.0.0.1:6379" }).bus).toEqual({ kind: "redis", url: "redis://127.0.0.1:6379" });
  });

  it("refuses a REDIS_URL that is not a Redis URL, naming the variable and hiding the password", () => {
    expect(() => busTargetFromEnv({ REDIS_URL: "http://user:secret@cache:6379" })).toThrow(/^REDIS_URL must be a Redis URL .*"http:\/\/user:\*\*\*@cache:6379/);
    expect(() => configFromEnv({ REDIS_URL: "cache:6379" })).toThrow(/REDIS_URL must be a Redis URL/);
  });
});
