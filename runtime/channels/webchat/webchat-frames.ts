import { z } from "zod";
import { WEBCHAT_SENDERS } from "../../../drizzle/schema";

/**
 * The web chat socket's protocol (`/ws/webchat/:channelId`): JSON text frames. The server checks
 * every visitor frame with these schemas and builds its own from them; the widget imports the
 * types only (it ships without zod). The visitor's first frame is `hello`; a text or button frame
 * before the `welcome` is refused (`hello_first`).
 */

/** The widget's id of one visitor frame: a resend after a reconnect carries the same id and is recognised. */
const ClientMessageId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 of A-Z a-z 0-9 _ -")
  .describe("The widget's id of this frame (unique per visitor): a resent frame with the same id is not processed twice");

export const WebchatClientFrame = z.discriminatedUnion("type", [
  /** First frame: resume with the stored token, or none to become a new visitor. */
  z.strictObject({ type: z.literal("hello"), token: z.string().max(128).optional() }),
  /** The visitor typed something. */
  z.strictObject({ type: z.literal("text"), id: ClientMessageId, text: z.string().trim().min(1, "empty message").max(4096) }),
  /** The visitor tapped a button: its `choice`, as the option carried it (mapped server-side to the menu the session waits on now). */
  z.strictObject({ type: z.literal("button"), id: ClientMessageId, choice: z.string().min(1).max(64) }),
  /** Keep-alive; answered with `pong`. */
  z.strictObject({ type: z.literal("ping") }),
]);
export type WebchatClientFrame = z.infer<typeof WebchatClientFrame>;

/** A menu button: the option's key and label, and the `choice` its tap sends back (`m:<wait token>:<index>`). */
export const WebchatOption = z.object({ key: z.string(), label: z.string(), choice: z.string() });
export type WebchatOption = z.infer<typeof WebchatOption>;

/** One line of the conversation, as stored and replayed. `id` is 1..n per visitor. */
export const WebchatMessage = z.object({
  id: z.number().int().min(1),
  from: z.enum(WEBCHAT_SENDERS),
  text: z.string(),
  /** A menu's buttons (each sends `button {choice}`). */
  options: z.array(WebchatOption).optional(),
  /** The agent's name on agent messages. */
  author: z.string().optional(),
  /** On the visitor's own messages: the `id` of the frame that sent it. */
  clientId: z.string().optional(),
  at: z.iso.datetime(),
});
export type WebchatMessage = z.infer<typeof WebchatMessage>;

export const WebchatServerFrame = z.discriminatedUnion("type", [
  /** Answer to `hello`: the token to keep (new or the same), and the conversation so far (the last 200 lines). */
  z.object({ type: z.literal("welcome"), token: z.string(), history: z.array(WebchatMessage), open: z.boolean().describe("A session is running for this visitor") }),
  /** A new line: the bot's, an agent's, the system's, or the visitor's own (echoed to every tab). */
  z.object({ type: z.literal("message"), message: WebchatMessage }),
  /** The visitor's frame was stored (`duplicate`: it had been already, nothing was done again). */
  z.object({ type: z.literal("ack"), id: z.string(), duplicate: z.boolean() }),
  /** The bot or an agent is preparing an answer. */
  z.object({ type: z.literal("typing"), from: z.enum(["bot", "agent"]) }),
  /** The conversation ended (the flow finished, or the agent closed it); writing again starts a new one. */
  z.object({ type: z.literal("ended"), reason: z.string() }),
  z.object({ type: z.literal("pong") }),
  /**
   * A refused frame (the socket stays open, except after `too_many_visitors`). `retryAfterSeconds`
   * on the limits' refusals (`too_many_visitors`, `rate_limited`): when trying again can succeed.
   */
  z.object({
    type: z.literal("error"),
    code: z.string(),
    message: z.string(),
    id: z.string().optional(),
    retryAfterSeconds: z.number().int().min(1).optional(),
  }),
]);
export type WebchatServerFrame = z.infer<typeof WebchatServerFrame>;

/** Close codes the server uses. */
export const WEBCHAT_CLOSE = {
  /** The channel is disabled: do not reconnect until the page is reloaded. */
  channelDisabled: 4403,
  /** The channel was deleted (or is not a web chat). */
  channelGone: 4404,
  /** No `hello` within 10 s. */
  helloTimeout: 4408,
  /** Policy violation: this address made too many new visitors lately (after an error `too_many_visitors`). */
  tooManyVisitors: 1008,
  shuttingDown: 1001,
} as const;
