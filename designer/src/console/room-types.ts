import type { ConversationView } from "../../../runtime/rooms/views";

/** The rooms' enums as types (runtime/rooms/views.ts exports their zod schemas). */
export type Priority = ConversationView["priority"];
export type ConversationStatus = ConversationView["status"];
