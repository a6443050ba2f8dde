import { afterEach, describe, expect, it } from "vitest";
import { killAllSipp, requireSipp, sippArgs, sippFlow, startSipp } from "./sipp";

afterEach(killAllSipp);

describe("the sipp runner", () => {
  it("fails loudly, naming the Debian package, when sipp is missing", () => {
    expect(() => requireSipp("/nonexistent/sipp")).toThrow("Debian package sip-tester is not installed");
  });

  it("passes every option on sipp's command line", () => {
    const args = sippArgs(
      {
        scenario: { file: "/x/uac.xml" },
        remote: "127.0.0.1:5070",
        transport: "t1",
        service: "+15550001111",
        pauseMs: 1500,
        rate: 5,
        ratePeriodMs: 1000,
        limit: 3,
        calls: 7,
        auth: { username: "alice", password: "secret" },
        keys: { realm: "switchboard.test" },
        lost: 10,
        extraArgs: ["-aa"],
      },
      5080,
      6000,
      "/tmp/d",
    ).join(" ");
    for (const part of ["-sf /x/uac.xml 127.0.0.1:5070", "-i 127.0.0.1", "-p 5080", "-mp 6000", "-nostdin", "-m 7", "-t t1", "-d 1500", "-s +15550001111", "-r 5", "-rp 1000", "-l 3", "-au alice -ap secret", "-lost 10", "-key realm switchboard.test", "-trace_msg -message_file /tmp/d/messages.log", "-aa"]) {
      expect(args).toContain(part);
    }
  });

  it("a UAS scenario is ready once its port is bound; kill() ends it and returns its logs", async () => {
    const run = await startSipp({ scenario: { builtin: "uas" } });
    await run.ready();
    const result = await run.kill();
    expect(result.signal).toBe("SIGKILL");
    expect(sippFlow(result.messages)).toEqual([]);
  });
});
