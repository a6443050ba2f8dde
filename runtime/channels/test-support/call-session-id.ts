import { z } from "zod";
import type { TestServer } from "../../test-support/test-server";
import { incomingEventId } from "../twilio-voice/call-sessions";

const Row = z.object({ sessionId: z.string() });

/** The session a Twilio call runs in, as the runtime recorded it with the call's incoming webhook. */
export function callSessionId(server: TestServer, channelId: string, callSid: string): string {
  const row: unknown = server.store.database.sqlite
    .prepare("SELECT session_id AS sessionId FROM inbound_events WHERE channel_id = ? AND provider_event_id = ?")
    .get(channelId, incomingEventId(callSid));
  if (row === undefined) throw new Error(`call ${callSid} has not come in on channel ${channelId}`);
  return Row.parse(row).sessionId;
}
