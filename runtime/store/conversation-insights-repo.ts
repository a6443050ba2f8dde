import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { conversationInsights } from "../../drizzle/schema";
import { type Db, isForeignKeyViolation, many, one } from "#store-dialect";
import type { RepoOptions } from "./repo-options";

/** Emails, phone numbers, amounts and dates found in a conversation (runtime/ai/detect-fields.ts). */
export const InsightFields = z.object({
  emails: z.array(z.string()),
  phones: z.array(z.object({ text: z.string(), number: z.string() })),
  amounts: z.array(z.object({ text: z.string(), value: z.number(), currency: z.string().nullable() })),
  dates: z.array(z.object({ text: z.string(), date: z.string().nullable() })),
});
export type InsightFields = z.infer<typeof InsightFields>;

type Row = typeof conversationInsights.$inferSelect;

/** A conversation's insights, as the store gives them back (fields parsed). */
export interface InsightsRecord extends Omit<Row, "fields"> {
  fields: InsightFields;
}

export type InsightsValues = Omit<InsightsRecord, "createdAt">;

const EMPTY_FIELDS: InsightFields = { emails: [], phones: [], amounts: [], dates: [] };

function record(row: Row): InsightsRecord {
  let fields = EMPTY_FIELDS;
  try {
    fields = InsightFields.parse(JSON.parse(row.fields));
  } catch {
    // A row written by a later version with fields this one does not know: show none rather than fail.
  }
  return { ...row, fields };
}

/** `conversation_insights`: one row per closed conversation, replaced when it closes again. */
export class ConversationInsightsRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Writes the conversation's insights (replacing earlier ones); undefined when the conversation is gone. */
  async put(values: InsightsValues): Promise<InsightsRecord | undefined> {
    const row = { ...values, fields: JSON.stringify(values.fields), createdAt: this.now() };
    const { conversationId: _, ...changed } = row;
    try {
      const written = await one(this.db.insert(conversationInsights).values(row).onConflictDoUpdate({ target: conversationInsights.conversationId, set: changed }).returning());
      return written === undefined ? undefined : record(written);
    } catch (error) {
      if (isForeignKeyViolation(error)) return undefined;
      throw error;
    }
  }

  async get(conversationId: string): Promise<InsightsRecord | undefined> {
    const row = await one(this.db.select().from(conversationInsights).where(eq(conversationInsights.conversationId, conversationId)));
    return row === undefined ? undefined : record(row);
  }

  /** The insights of several conversations (those that have some), by conversation id. */
  async forConversations(conversationIds: readonly string[]): Promise<Map<string, InsightsRecord>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await many(this.db.select().from(conversationInsights).where(inArray(conversationInsights.conversationId, [...conversationIds])));
    return new Map(rows.map((row) => [row.conversationId, record(row)]));
  }
}
