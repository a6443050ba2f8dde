import { AgentStatesRepo } from "./agent-states-repo";
import { ConversationInsightsRepo } from "./conversation-insights-repo";
import { ConversationMessagesRepo } from "./conversation-messages-repo";
import { ConversationOffersRepo } from "./conversation-offers-repo";
import { ConversationsRepo } from "./conversations-repo";
import type { Db } from "#store-dialect";
import type { RepoOptions } from "./repo-options";

/** Agent rooms' tables: conversations, their messages and participants, offers, agents' states, insights. */
export class RoomsRepo {
  readonly conversations: ConversationsRepo;
  readonly messages: ConversationMessagesRepo;
  readonly offers: ConversationOffersRepo;
  readonly agents: AgentStatesRepo;
  /** What closed conversations were about: summary, sentiment, detected fields. */
  readonly insights: ConversationInsightsRepo;

  constructor(db: Db, options: RepoOptions = {}) {
    this.conversations = new ConversationsRepo(db, options);
    this.messages = new ConversationMessagesRepo(db, options);
    this.offers = new ConversationOffersRepo(db, options);
    this.agents = new AgentStatesRepo(db, options);
    this.insights = new ConversationInsightsRepo(db, options);
  }
}
