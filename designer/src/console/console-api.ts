import { z } from "zod";
import { AgentView, ConversationView, MessageView, ParticipantView } from "../../../runtime/rooms/views";
import { InsightsView } from "../../../runtime/rooms/insights-view";
import type { Priority } from "./room-types";
import { api } from "../api/api-client";
import { Call } from "../call-logs/calls-api";
import { CallPermission } from "../../../runtime/channels/whatsapp-cloud/call-permission";

/** POST /api/calls: the call placed and the room opened for it (active, assigned to the agent). */
export const PlacedCall = z.object({ call: Call, conversationId: z.string() });
export type PlacedCall = z.infer<typeof PlacedCall>;

/** POST /api/conversations/{id}/suggestions. */
export const ReplySuggestions = z.object({ suggestions: z.array(z.string()), provider: z.string(), model: z.string() });

/** GET /api/conversations/{id}: the conversation with its participants and messages (and, once closed, its insights). */
export const ConversationDetail = z.object({ conversation: ConversationView, participants: z.array(ParticipantView), messages: z.array(MessageView), insights: InsightsView.nullable().default(null) });
export type ConversationDetail = z.infer<typeof ConversationDetail>;

/** A team as the console needs it (GET /api/teams, readable by agents). */
export const TeamRef = z.object({ id: z.string(), name: z.string(), members: z.array(z.string()) });
export type TeamRef = z.infer<typeof TeamRef>;

export interface InviteInput {
  /** A channel type, or `console` for an agent (the address is their user id: a three-way call). */
  channel: string;
  address: string;
  displayName?: string;
  role?: "customer" | "observer" | "agent";
  /** Voice: place an outbound call that joins the room. */
  call?: boolean;
}

export type TransferTarget = { teamId: string } | { agentId: string };

const at = (id: string, rest = "") => `/api/conversations/${encodeURIComponent(id)}${rest}`;

/** The agent rooms REST API (`/api/conversations`), every answer checked against the runtime's own schemas. */
export const consoleApi = {
  /** mine / team / waiting / all (admins: every team's). */
  list: async (view: "mine" | "team" | "waiting" | "all") => z.array(ConversationView).parse(await api("GET", `/api/conversations?view=${view}`)),
  get: async (id: string) => ConversationDetail.parse(await api("GET", at(id))),
  /** Messages after `after` (a message id), oldest first: how a room catches up after a reconnect. */
  messagesAfter: async (id: string, after: number) => z.array(MessageView).parse(await api("GET", at(id, `/messages?after=${after}&limit=1000`))),
  accept: async (id: string) => ConversationView.parse(await api("POST", at(id, "/accept"))),
  decline: async (id: string) => {
    await api("POST", at(id, "/decline"));
  },
  send: async (id: string, body: string) => MessageView.parse(await api("POST", at(id, "/messages"), { body })),
  /** Replies the agent could send, by the assist AI provider (nothing is sent). */
  suggestions: async (id: string) => ReplySuggestions.parse(await api("POST", at(id, "/suggestions"))),
  hold: async (id: string, onHold: boolean) => ConversationView.parse(await api("POST", at(id, onHold ? "/hold" : "/resume"))),
  close: async (id: string, reason?: string) => ConversationView.parse(await api("POST", at(id, "/close"), reason === undefined ? {} : { reason })),
  transfer: async (id: string, target: TransferTarget) => ConversationView.parse(await api("POST", at(id, "/transfer"), target)),
  invite: async (id: string, input: InviteInput) => ParticipantView.parse(await api("POST", at(id, "/participants"), input)),
  setPriority: async (id: string, priority: Priority) => ConversationView.parse(await api("PATCH", at(id), { priority })),
  assign: async (id: string, agentId: string) => ConversationView.parse(await api("POST", at(id, "/assign"), { agentId })),
  agents: async () => z.array(AgentView).parse(await api("GET", "/api/conversations/agents")),
  setAvailability: async (availability: "available" | "away") => AgentView.parse(await api("PUT", "/api/conversations/agents/me", { availability })),
  teams: async () => z.array(TeamRef).parse(await api("GET", "/api/teams")),
  /** The agent calls `to` (E.164) through a SIP trunk, or a WhatsApp user (with their conversation): their softphone is bridged to the call. */
  placeCall: async (input: { channelId: string; to: string; conversationId?: string }) => PlacedCall.parse(await api("POST", "/api/calls", input)),
  /** Ends a live call without closing its conversation (a WhatsApp call from a chat). */
  hangupCall: async (callId: string) => Call.parse(await api("POST", `/api/calls/${encodeURIComponent(callId)}/hangup`)),
  /** WhatsApp: whether the conversation's customer lets the business call them (read from Meta). */
  callPermission: async (conversationId: string) => CallPermission.parse(await api("GET", `/api/conversations/${encodeURIComponent(conversationId)}/call-permission`)),
  /** WhatsApp: asks the conversation's customer to allow calls. */
  askCallPermission: async (conversationId: string) => CallPermission.parse(await api("POST", `/api/conversations/${encodeURIComponent(conversationId)}/call-permission-request`, {})),
};
