import { describe, expect, it } from "vitest";
import { TEST_ACCOUNT } from "../../../../runtime/channels/test-support/fake-twilio";
import { ApiRequestError } from "../../api/api-client";
import { draftOf, inputOf, newDraft } from "./channel-draft";
import { clearEdited, placedFields, serverErrors, unplacedErrors, validateDraft } from "./channel-validation";
import { generateSecret } from "./generate-secret";

const voice = (credentials: Record<string, string>) => ({ ...newDraft("twilio_voice"), credentials });

describe("the channel form's checks (the runtime's ChannelConfig)", () => {
  it("names the Twilio field at fault with the runtime's message", () => {
    expect(validateDraft(voice({ accountSid: "XX123", authToken: TEST_ACCOUNT.authToken }))).toEqual({
      "credentials.accountSid": "a Twilio Account SID is AC followed by 32 hex digits",
    });
    expect(validateDraft(voice(TEST_ACCOUNT))).toEqual({});
    expect(validateDraft({ ...voice(TEST_ACCOUNT), name: "  " })).toEqual({ name: "give the channel a name" });
  });

  it("does not re-check a masked secret (the stored one is kept), but checks a replaced one", () => {
    const stored = {
      id: "c1", type: "twilio_voice" as const, name: "Line", flowId: "support-line", enabled: true, status: "setup" as const, statusMessage: null,
      credentials: { accountSid: TEST_ACCOUNT.accountSid, authToken: "••••••4321" }, settings: { phoneNumber: "+15550001000" }, webhookUrls: {}, createdAt: "", updatedAt: "",
    };
    const draft = draftOf(stored);
    expect(validateDraft(draft)).toEqual({});
    expect(inputOf(draft).credentials.authToken).toBe("••••••4321");
    // A channel stored without agentAudio shows (and saves) its default.
    expect(inputOf(draft).settings).toEqual({ phoneNumber: "+15550001000", agentAudio: "stream" });
    expect(inputOf(draftOf({ ...stored, settings: { phoneNumber: "+15550001000", agentAudio: "speech" } })).settings).toEqual({ phoneNumber: "+15550001000", agentAudio: "speech" });
    expect(validateDraft({ ...draft, credentials: { ...draft.credentials, authToken: "short" } })["credentials.authToken"]).toBe("the auth token is at least 16 characters");
  });

  it("says which allowed origin is wrong, and that one is needed", () => {
    const chat = newDraft("webchat");
    expect(validateDraft({ ...chat, text: { allowedOrigins: "" } })["settings.allowedOrigins"]).toBe("list at least one origin allowed to embed the widget");
    expect(validateDraft({ ...chat, text: { allowedOrigins: "https://www.acme.example\nhttps://shop.acme.example/path" } })["settings.allowedOrigins"]).toMatch(
      /^“https:\/\/shop\.acme\.example\/path” is not an origin/,
    );
    expect(inputOf({ ...chat, text: { allowedOrigins: " https://a.example \n\nhttps://b.example" } }).settings).toEqual({ allowedOrigins: ["https://a.example", "https://b.example"] });
  });

  it("checks a browser voice channel's allowed origins like web chat's, and sends only them", () => {
    const voice = newDraft("webvoice");
    expect(voice.name).toBe("Website voice");
    expect(validateDraft({ ...voice, text: { allowedOrigins: "" } })["settings.allowedOrigins"]).toBe("list at least one origin allowed to embed the voice widget");
    expect(validateDraft({ ...voice, text: { allowedOrigins: "https://www.acme.example/call" } })["settings.allowedOrigins"]).toMatch(/^“https:\/\/www\.acme\.example\/call” is not an origin/);
    const good = { ...voice, text: { allowedOrigins: "https://www.acme.example\nhttps://shop.acme.example:8443" } };
    expect(validateDraft(good)).toEqual({});
    expect(inputOf(good)).toMatchObject({ type: "webvoice", credentials: {}, settings: { allowedOrigins: ["https://www.acme.example", "https://shop.acme.example:8443"] } });
  });

  it("keeps a web chat's startOn through the form: absent until chosen, first_message kept, an unknown value named", () => {
    const chat = { ...newDraft("webchat"), text: { allowedOrigins: "https://www.acme.example" } };
    expect(inputOf(chat).settings).toEqual({ allowedOrigins: ["https://www.acme.example"] });
    const quiet = { ...chat, text: { ...chat.text, startOn: "first_message" } };
    expect(validateDraft(quiet)).toEqual({});
    expect(inputOf(quiet).settings).toEqual({ allowedOrigins: ["https://www.acme.example"], startOn: "first_message" });
    const stored = {
      id: "c2", type: "webchat" as const, name: "Website chat", flowId: "chat-escalation", enabled: true, status: "setup" as const, statusMessage: null,
      credentials: {}, settings: { allowedOrigins: ["https://www.acme.example"], startOn: "first_message" }, webhookUrls: {}, createdAt: "", updatedAt: "",
    };
    expect(draftOf(stored).text.startOn).toBe("first_message");
    expect(inputOf(draftOf(stored)).settings).toEqual(stored.settings);
    expect(validateDraft({ ...chat, text: { ...chat.text, startOn: "later" } })["settings.startOn"]).toMatch(/open.*first_message/);
  });

  it("builds a SIP trunk's settings from the form: lists one per line, codecs in order, transport, SRTP; empty optional fields left out", () => {
    const trunk = newDraft("sip_trunk");
    expect(trunk.name).toBe("SIP trunk");
    const filled = {
      ...trunk,
      credentials: { username: " switchboard ", password: "" },
      text: { domain: " sip.carrier.example ", inboundAddresses: "203.0.113.0/24\n\n 198.51.100.7 ", numbers: "", codecs: "PCMA,PCMU", transport: "tls" },
      flags: { srtp: true },
    };
    expect(validateDraft(filled)).toEqual({});
    expect(inputOf(filled)).toMatchObject({
      type: "sip_trunk",
      credentials: { username: "switchboard" }, // no password: not sent
      settings: { domain: "sip.carrier.example", inboundAddresses: ["203.0.113.0/24", "198.51.100.7"], codecs: ["PCMA", "PCMU"], transport: "tls", srtp: true },
    });
    expect(inputOf(filled).settings).not.toHaveProperty("numbers");
    expect(inputOf(filled).settings).not.toHaveProperty("registrar");
    // A new trunk offers both codecs, μ-law first, over UDP.
    expect(inputOf({ ...trunk, text: { domain: "sip.carrier.example", registrar: "sip.carrier.example" } }).settings).toEqual({
      domain: "sip.carrier.example",
      registrar: "sip.carrier.example",
      transport: "udp",
      codecs: ["PCMU", "PCMA"],
    });
  });

  it("shows the runtime's SIP trunk refusals under their fields: a wrong address or number by line, SRTP without TLS, no registrar nor addresses", () => {
    const trunk = { ...newDraft("sip_trunk"), text: { domain: "sip.carrier.example", registrar: "sip.carrier.example" } };
    expect(validateDraft({ ...trunk, text: { ...trunk.text, inboundAddresses: "203.0.113.0/24\n203.0.113.300" } })["settings.inboundAddresses"]).toBe(
      "“203.0.113.300” is not an address or CIDR block such as 203.0.113.0/24",
    );
    expect(validateDraft({ ...trunk, text: { ...trunk.text, numbers: "+15550001234\n5550001235" } })["settings.numbers"]).toBe("“5550001235” is not a phone number in E.164 form, e.g. +15550001234");
    expect(validateDraft({ ...trunk, text: { ...trunk.text, domain: "sip carrier" } })["settings.domain"]).toBe("a host name or address, optionally with :port");
    expect(validateDraft({ ...trunk, flags: { srtp: true } })).toEqual({ "settings.srtp": "SRTP needs transport tls (its keys travel in the SDP)" });
    expect(validateDraft({ ...trunk, text: { domain: "sip.carrier.example" } })).toEqual({
      "settings.inboundAddresses": "give a registrar (the trunk registers) or inboundAddresses (the carrier's INVITEs are accepted by address)",
    });
    expect(validateDraft({ ...trunk, text: { ...trunk.text, codecs: "" } })["settings.codecs"]).toBeDefined();
  });

  it("reads a stored SIP trunk back into the form: its password masked and kept, lists one per line, SRTP ticked", () => {
    const stored = {
      id: "s1", type: "sip_trunk" as const, name: "Carrier", flowId: "support-line", enabled: true, status: "active" as const, statusMessage: null,
      credentials: { username: "switchboard", password: "••••••word" },
      settings: { domain: "sip.carrier.example", registrar: "reg.carrier.example:5061", numbers: ["+15550001234", "+15550001235"], transport: "tls", codecs: ["PCMA"], srtp: true },
      webhookUrls: {}, createdAt: "", updatedAt: "",
    };
    const draft = draftOf(stored);
    expect(draft.text).toMatchObject({ numbers: "+15550001234\n+15550001235", codecs: "PCMA", transport: "tls", registrar: "reg.carrier.example:5061" });
    expect(draft.flags).toEqual({ srtp: true });
    expect(validateDraft(draft)).toEqual({});
    expect(inputOf(draft)).toMatchObject({ credentials: { username: "switchboard", password: "••••••word" }, settings: stored.settings });
    // Unticking SRTP sends none; editing it clears its problem.
    const before = { ...draft, text: { ...draft.text, transport: "udp" } };
    const errors = validateDraft(before);
    expect(Object.keys(errors)).toEqual(["settings.srtp"]);
    const after = { ...before, flags: { srtp: false } };
    expect(clearEdited(errors, before, after)).toEqual({});
    expect(inputOf(after).settings).not.toHaveProperty("srtp");
  });

  it("WhatsApp calling: ticked it needs a flow (named at settings.calling.flowId), saved as settings.calling, read back; unticked it is not sent", () => {
    const credentials = { phoneNumberId: "106540352242922", accessToken: `EAAG${"x".repeat(40)}`, appSecret: "0123456789abcdef0123456789abcdef", verifyToken: "verify-token-123" };
    const number = { ...newDraft("whatsapp_cloud"), credentials };
    expect(inputOf(number).settings).toEqual({});
    const noFlow = { ...number, flags: { calling: true } };
    expect(validateDraft(noFlow)).toEqual({ "settings.calling.flowId": "name the voice flow that answers calls" });
    expect(placedFields("whatsapp_cloud").has("settings.calling.flowId")).toBe(true);
    const calls = { ...noFlow, text: { calling: "voice-desk" } };
    expect(validateDraft(calls)).toEqual({});
    expect(inputOf(calls).settings).toEqual({ calling: { enabled: true, flowId: "voice-desk" } });
    // Choosing the flow clears the problem; unticking sends no calling at all (calls are rejected).
    expect(clearEdited(validateDraft(noFlow), noFlow, calls)).toEqual({});
    expect(inputOf({ ...calls, flags: { calling: false } }).settings).toEqual({});
    const stored = {
      id: "w1", type: "whatsapp_cloud" as const, name: "WhatsApp", flowId: "chat-escalation", enabled: true, status: "active" as const, statusMessage: null,
      credentials: { ...credentials, accessToken: "••••••xxxx" }, settings: { apiVersion: "v21.0", calling: { enabled: true, flowId: "voice-desk" } }, webhookUrls: {}, createdAt: "", updatedAt: "",
    };
    const draft = draftOf(stored);
    expect(draft.flags.calling).toBe(true);
    expect(draft.text.calling).toBe("voice-desk");
    expect(inputOf(draft).settings).toEqual(stored.settings);
    // Stored off (or never set): unticked, no flow.
    expect(draftOf({ ...stored, settings: { calling: { enabled: false } } }).flags.calling).toBe(false);
    expect(draftOf({ ...stored, settings: {} }).flags.calling).toBe(false);
  });

  it("generates Telegram secret tokens the runtime accepts", () => {
    const secretToken = generateSecret();
    expect(secretToken).toMatch(/^[A-Za-z0-9_-]{16,256}$/);
    expect(generateSecret()).not.toBe(secretToken);
    expect(validateDraft({ ...newDraft("telegram"), credentials: { botToken: `123456:${"A".repeat(35)}`, secretToken } })).toEqual({});
  });

  it("forgets a field's problem once that field is edited", () => {
    const before = voice({ accountSid: "XX", authToken: "" });
    const errors = validateDraft(before);
    expect(Object.keys(errors).sort()).toEqual(["credentials.accountSid", "credentials.authToken"]);
    expect(Object.keys(clearEdited(errors, before, voice({ accountSid: "AC", authToken: "" })))).toEqual(["credentials.authToken"]);
  });
});

describe("server errors next to their field", () => {
  it("reads the issues of a 400, list items naming their list", () => {
    const error = new ApiRequestError(400, "invalid_request", "body.credentials.accountSid: bad", {
      issues: [
        { field: "body.credentials.accountSid", message: "bad" },
        { field: "body.settings.allowedOrigins.1", message: "an origin such as …" },
      ],
    });
    expect(serverErrors(error)).toEqual({ fields: { "credentials.accountSid": "bad", "settings.allowedOrigins": "an origin such as …" }, message: undefined });
  });

  it("reads the field from the message when there are no issues (flow missing)", () => {
    const error = new ApiRequestError(400, "invalid_request", "body.flowId: flow gone does not exist", undefined);
    expect(serverErrors(error)).toEqual({ fields: { flowId: "flow gone does not exist" }, message: undefined });
  });

  it("puts the API's refusal of a calling flow under the calling flow select", () => {
    const error = new ApiRequestError(400, "invalid_request", "body.settings.calling.flowId: flow voice-desk does not exist", undefined);
    const { fields, message } = serverErrors(error);
    expect(fields).toEqual({ "settings.calling.flowId": "flow voice-desk does not exist" });
    expect(message).toBeUndefined();
    expect(unplacedErrors(fields, placedFields("whatsapp_cloud"))).toEqual([]);
  });

  it("keeps any other failure as a message", () => {
    expect(serverErrors(new ApiRequestError(403, "forbidden", "admins only", undefined))).toEqual({ fields: {}, message: "admins only" });
  });
});
