import { describe, expect, it } from "vitest";
import { iceServersForClient, parseIceServers, parseIceUrl, turnCredentials } from "./ice-servers";
import { nativeIceServers } from "./native-ice-servers";

describe("ICE_SERVERS", () => {
  it("accepts STUN, TURN with fixed credentials and TURN with a shared secret", () => {
    const entries = parseIceServers(
      JSON.stringify([
        { urls: "stun:stun.example.com:3478" },
        { urls: ["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"], username: "u", credential: "p" },
        { urls: "turn:[2001:db8::1]:3478", secret: "s3cret" },
      ]),
    );
    expect(entries).toHaveLength(3);
  });

  it.each([
    ['{"urls":"stun:x"}', /ICE_SERVERS: /],
    ['[{"urls":"http://stun.example.com"}]', /ICE_SERVERS\[0\]\.urls: /],
    ['[{"urls":"stun:stun.example.com","password":"x"}]', /ICE_SERVERS\[0\]: /],
    ['[{"urls":"turn:t.example.com","secret":"s","username":"u","credential":"c"}]', /ICE_SERVERS\[0\]\.secret: give either secret/],
    ['[{"urls":"stun:s.example.com","ttlSeconds":60}]', /ICE_SERVERS\[0\]\.ttlSeconds: ttlSeconds goes with secret/],
    ['[{"urls":"turn:t.example.com","secret":"s","ttlSeconds":5}]', /ICE_SERVERS\[0\]\.ttlSeconds: /],
    ["not json", /ICE_SERVERS: must be a JSON array/],
  ])("refuses %s with a message naming the entry", (json, message) => {
    expect(() => parseIceServers(json)).toThrow(message);
  });
});

describe("time-limited TURN credentials (coturn use-auth-secret)", () => {
  it("username is <expiry>:<user>, credential base64(HMAC-SHA1(secret, username)) (checked against Python's hmac)", () => {
    expect(turnCredentials("north", "alice", 3600, 1_700_000_000_000)).toEqual({ username: "1700003600:alice", credential: "wjwSXO2ch1B6VaLTLMy2Avn5O9o=", expiresAt: 1_700_003_600 });
  });

  it("refuses user ids coturn would misread", () => {
    expect(() => turnCredentials("north", "a:b", 60)).toThrow(/must not contain ':'/);
    expect(() => turnCredentials("north", "", 60)).toThrow();
  });

  it("browsers receive short-lived credentials and never the secret; fixed entries pass through", () => {
    const entries = parseIceServers(JSON.stringify([{ urls: "stun:stun.example.com" }, { urls: "turn:turn.example.com", secret: "s3cret-value", ttlSeconds: 600 }, { urls: "turn:other.example.com", username: "u", credential: "p" }]));
    const servers = iceServersForClient(entries, "visitor-7", 1_700_000_000_000);
    expect(servers).toEqual([
      { urls: "stun:stun.example.com" },
      { urls: "turn:turn.example.com", username: "1700000600:visitor-7", credential: turnCredentials("s3cret-value", "visitor-7", 600, 1_700_000_000_000).credential },
      { urls: "turn:other.example.com", username: "u", credential: "p" },
    ]);
    expect(JSON.stringify(servers)).not.toContain("s3cret-value");
  });
});

describe("ICE servers for node-datachannel", () => {
  it("STUN as strings, UDP TURN as objects; TCP and TLS left out (libjuice speaks UDP only)", () => {
    expect(
      nativeIceServers([
        { urls: ["stun:stun.example.com", "stuns:stun.example.com"] },
        { urls: ["turn:turn.example.com:3479", "turn:turn.example.com?transport=tcp", "turns:turn.example.com"], username: "u", credential: "p" },
        { urls: "turn:[2001:db8::1]" },
      ]),
    ).toEqual(["stun:stun.example.com:3478", { hostname: "turn.example.com", port: 3479, username: "u", password: "p", relayType: "TurnUdp" }]);
    expect(parseIceUrl("stun:[2001:db8::1]:1234")).toEqual({ scheme: "stun", host: "2001:db8::1", port: 1234, transport: undefined });
  });
});
