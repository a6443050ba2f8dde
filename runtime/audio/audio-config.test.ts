import { describe, expect, it } from "vitest";
import { configFromEnv } from "../config";

describe("AUDIO_MAX_SECONDS", () => {
  it("is 600 by default, and an empty variable is an unset one", () => {
    expect(configFromEnv({ DATA_DIR: "/tmp/sb" }).audioMaxSeconds).toBe(600);
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", AUDIO_MAX_SECONDS: " " }).audioMaxSeconds).toBe(600);
  });

  it("takes seconds, and refuses what is not a positive number of them, naming the variable", () => {
    expect(configFromEnv({ DATA_DIR: "/tmp/sb", AUDIO_MAX_SECONDS: "90" }).audioMaxSeconds).toBe(90);
    for (const value of ["0", "-5", "ten", "100000"]) {
      expect(() => configFromEnv({ DATA_DIR: "/tmp/sb", AUDIO_MAX_SECONDS: value }), value).toThrow(/^configuration: AUDIO_MAX_SECONDS:/);
    }
  });
});
