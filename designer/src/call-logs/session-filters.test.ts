import { describe, expect, it } from "vitest";
import { apiQuery, filtersFromSearch, filtersToSearch, hasFilters, NO_FILTERS, type SessionFilters } from "./session-filters";

describe("session filters", () => {
  const filters: SessionFilters = { flowId: "support-line", status: "waiting", channel: "twilio_voice", sentiment: "negative", from: "2026-06-01T08:00:00.000Z", to: "2026-06-02T08:00:00.000Z" };

  it("round-trip through the page's query string", () => {
    const search = filtersToSearch(filters);
    expect(search).toBe("flow=support-line&status=waiting&channel=twilio_voice&sentiment=negative&from=2026-06-01T08%3A00%3A00.000Z&to=2026-06-02T08%3A00%3A00.000Z");
    expect(filtersFromSearch(`?${search}`)).toEqual(filters);
  });

  it("leave out what is not set", () => {
    expect(filtersToSearch(NO_FILTERS)).toBe("");
    expect(filtersToSearch({ ...NO_FILTERS, status: "ended" })).toBe("status=ended");
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, channel: "webchat" })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, channel: "  " })).toBe(false);
  });

  it("drop unknown statuses and sentiments and unreadable times; normalise times to UTC", () => {
    expect(filtersFromSearch("?status=sleeping&sentiment=grumpy&from=yesterday&to=2026-06-02T10:00:00%2B02:00&flow=%20a%20&other=1")).toEqual({
      ...NO_FILTERS,
      flowId: "a",
      to: "2026-06-02T08:00:00.000Z",
    });
    expect(filtersFromSearch("")).toEqual(NO_FILTERS);
  });

  it("become the API's query with a page size and cursor", () => {
    expect(apiQuery(filters, { limit: 50 })).toBe(
      "flowId=support-line&status=waiting&channel=twilio_voice&sentiment=negative&from=2026-06-01T08%3A00%3A00.000Z&to=2026-06-02T08%3A00%3A00.000Z&limit=50",
    );
    expect(apiQuery(NO_FILTERS, { limit: 25, cursor: "abc" })).toBe("limit=25&cursor=abc");
    expect(apiQuery(NO_FILTERS, { limit: 25, cursor: null })).toBe("limit=25");
  });
});
