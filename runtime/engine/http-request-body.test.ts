import { describe, expect, it } from "vitest";
import { exampleFlow } from "./fixtures/examples";
import { httpFlow } from "./fixtures/http-flow";
import { renderBody } from "./json-body";
import { SessionHarness } from "./testing/session-harness";

const scope = {
  vars: { quote: 'say "hi"\nnow \\ then', amount: 42.5, digits: "000123", count: "17", vip: true, profile: { a: [1] } },
  caller: { phone: "+1 555" },
};

describe("http request body", () => {
  it("JSON template: values inside strings are JSON-escaped", () => {
    const { body, json } = renderBody('{"text": "{{vars.quote}}", "phone": "tel:{{caller.phone}}"}', scope);
    expect(json).toBe(true);
    expect(JSON.parse(body)).toEqual({ text: 'say "hi"\nnow \\ then', phone: "tel:+1 555" });
  });

  it("JSON template: bare placeholders become JSON literals", () => {
    const { body } = renderBody(
      '{"amount": {{vars.amount}}, "count": {{vars.count}}, "digits": {{vars.digits}}, "vip": {{vars.vip}}, "profile": {{vars.profile}}, "missing": {{vars.nope}}, "quote": {{vars.quote}}}',
      scope,
    );
    expect(JSON.parse(body)).toEqual({
      amount: 42.5,
      count: 17,
      digits: "000123",
      vip: true,
      profile: { a: [1] },
      missing: null,
      quote: 'say "hi"\nnow \\ then',
    });
  });

  it("a template that is not JSON is rendered as plain text", () => {
    expect(renderBody('name={{vars.quote}}&x="{{vars.count}}', scope)).toEqual({ body: 'name=say "hi"\nnow \\ then&x="17', json: false });
  });

  it("sets Content-Type by kind unless the node sets one", () => {
    const jsonCall = new SessionHarness({ flow: httpFlow({ url: "https://x.example/a", method: "POST", body: '{"a": "{{vars.v}}"}' }), variables: { v: "1" } });
    jsonCall.start();
    expect(jsonCall.lastOf("http_request")[0]).toMatchObject({ headers: { "Content-Type": "application/json" }, body: '{"a": "1"}' });

    const textCall = new SessionHarness({ flow: httpFlow({ url: "https://x.example/a", method: "POST", body: "v={{vars.v}}" }), variables: { v: "1" } });
    textCall.start();
    expect(textCall.lastOf("http_request")[0]?.headers).toEqual({ "Content-Type": "text/plain; charset=utf-8" });

    const own = new SessionHarness({
      flow: httpFlow({ url: "https://x.example/a", method: "PUT", body: "{}", headers: { "content-type": "application/vnd.x+json" } }),
    });
    own.start();
    expect(own.lastOf("http_request")[0]?.headers).toEqual({ "content-type": "application/vnd.x+json" });
  });

  it("header values are rendered on one line", () => {
    const call = new SessionHarness({
      flow: httpFlow({ url: "https://x.example/a", headers: { "X-Name": "{{vars.name}}" } }),
      variables: { name: "evil\r\nX-Admin: 1" },
    });
    call.start();
    expect(call.lastOf("http_request")[0]?.headers).toEqual({ "X-Name": "evil X-Admin: 1" });
  });

  it("after-hours callback request: a caller id with quotes cannot break the JSON", () => {
    // Sunday: closed → offer callback → 1 → this number → POST.
    const call = new SessionHarness({
      flow: exampleFlow("after-hours"),
      now: new Date("2026-06-07T15:00:00Z"),
      caller: { phone: '+1555"0100' },
      call: { id: "CA1" },
    });
    call.start();
    call.send({ type: "digits", digits: "1" });
    call.send({ type: "digits", digits: "1" });
    const request = call.lastOf("http_request")[0];
    expect(request?.method).toBe("POST");
    expect(JSON.parse(request?.body ?? "")).toEqual({ phone: '+1555"0100', callerId: '+1555"0100', team: "support", call: "CA1" });
  });
});
