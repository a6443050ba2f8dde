import { useId } from "react";
import type { InsightsView } from "../../../runtime/rooms/insights-view";
import "./insights.css";

const LABELS = { negative: "Negative", neutral: "Neutral", positive: "Positive" } as const;

/**
 * What a closed conversation was about: its summary, the customer's sentiment (−1..1) and what
 * they gave; `waiting` is said while there are none. In the console's sidebar and the call log.
 */
export function InsightsPanel({ insights, waiting, className, level }: { insights: InsightsView | null | undefined; waiting: string; className: string; level: 2 | 3 }) {
  const headingId = useId();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section className={className} aria-labelledby={headingId}>
      <Heading id={headingId}>Insights</Heading>
      {insights == null ? (
        <p className="muted small">{waiting}</p>
      ) : (
        <>
          <p className="insights-summary">{insights.summary === "" ? <span className="muted">Nothing but small talk.</span> : insights.summary}</p>
          <dl className="insights-facts">
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
