import type { InsightsView } from "../../../runtime/rooms/insights-view";

const LABELS = { negative: "Negative", neutral: "Neutral", positive: "Positive" } as const;

/** What a closed conversation was about: its summary, the customer's sentiment (−1..1) and what they gave. */
export function InsightsSection({ insights, closed }: { insights: InsightsView | null | undefined; closed: boolean }) {
  return (
    <section className="info-section" aria-labelledby="insights-heading">
      <h3 id="insights-heading">Insights</h3>
      {insights == null ? (
        <p className="muted small">{closed ? "Loading…" : "A summary, the customer's sentiment and the details they gave appear here when the conversation closes."}</p>
      ) : (
        <>
          <p className="insights-summary">{insights.summary === "" ? <span className="muted">Nothing but small talk.</span> : insights.summary}</p>
          <dl className="info-facts">
            <div>
              <dt>Sentiment</dt>
              <dd>
                {insights.sentimentLabel === null || insights.sentiment === null ? (
                  "—"
                ) : (
                  <span className={`sentiment sentiment-${insights.sentimentLabel}`}>
                    {LABELS[insights.sentimentLabel]} ({insights.sentiment > 0 ? "+" : ""}
                    {insights.sentiment.toFixed(2)})
                  </span>
                )}
              </dd>
            </div>
            {insights.fields.emails.length > 0 && (
              <div>
                <dt>Email</dt>
                <dd>{insights.fields.emails.join(", ")}</dd>
              </div>
            )}
            {insights.fields.phones.length > 0 && (
              <div>
                <dt>Phone</dt>
                <dd>{insights.fields.phones.map((phone) => phone.number).join(", ")}</dd>
              </div>
            )}
            {insights.fields.amounts.length > 0 && (
              <div>
                <dt>Amounts</dt>
                <dd>{insights.fields.amounts.map((amount) => amount.text).join(", ")}</dd>
              </div>
            )}
            {insights.fields.dates.length > 0 && (
              <div>
                <dt>Dates</dt>
                <dd>{insights.fields.dates.map((date) => (date.date === null ? date.text : `${date.text} (${date.date})`)).join(", ")}</dd>
              </div>
            )}
          </dl>
          <p className="muted small">{insights.engine === "provider" ? `By ${insights.providerName ?? "the AI provider"}` : "Worked out here, without a model"} · {insights.messageCount} messages</p>
        </>
      )}
    </section>
  );
}
