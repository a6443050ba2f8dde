/**
 * The conversation insights' enumerations, apart from the table definitions so the web app can
 * use them (`runtime/rooms/insights-view.ts`, the call-log filter) without bundling drizzle.
 */
export const INSIGHT_ENGINES = ["offline", "provider"] as const;
/** How a customer sounded (VADER's ±0.05 thresholds on the compound score). */
export const SENTIMENT_LABELS = ["negative", "neutral", "positive"] as const;
