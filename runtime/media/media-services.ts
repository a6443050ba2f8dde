import type { Log } from "../logging/log-line";
import type { AudioServices } from "../audio/audio-services";
import type { Rooms } from "../rooms/rooms";
import type { SessionRunner } from "../sessions/session-runner";
import type { Store } from "../store/open-store";
import type { FlowVersionRef } from "../engine/index";
import { AgentLegs } from "./calls/agent-legs";
import { CallRecordings } from "./calls/call-recordings";
import { CallVoicemails } from "./calls/call-voicemails";
import { CallAgents } from "./calls/call-agents";
import { MediaCalls } from "./calls/media-calls";
import { PromptClips } from "./calls/prompt-clips";
import type { MediaConfig } from "./media-config";
import type { GrammarEngine } from "../speech/speech-stream";
import { isMediaChannel } from "./media-channel-types";
import { MediaPlane } from "./media-plane";
import { STREAM_CHANNEL_TYPE, StreamAgents } from "./streams/stream-agents";
import { TwilioStreams } from "./streams/twilio-streams";
import { iceServersForClient } from "./transport/ice-servers";

type IceServer = { urls: string | string[]; username?: string; credential?: string };

/** The media plane as the rest of the runtime sees it. */
export interface MediaServices {
  plane: MediaPlane;
  calls: MediaCalls;
  agentLegs: AgentLegs;
  callAgents: CallAgents;
  /** Twilio Media Streams: calls redirected to `<Connect><Stream>` and their sockets' legs. */
  streams: TwilioStreams;
  /** Twilio callers' streams: each started one gets a call row and becomes its room's phone leg in `callAgents`. */
  streamAgents: StreamAgents;
  /** The ICE servers handed to a browser (TURN credentials made for this user, short-lived). */
  iceServersFor(userId: string): IceServer[];
  close(): Promise<void>;
}

export interface MediaServicesDeps {
  store: Store;
  runner: SessionRunner;
  rooms: Rooms;
  audio: Pick<AudioServices, "files" | "tts">;
  /** The published version of a flow (the runner's flow cache). */
  loadFlow(flowId: string): FlowVersionRef | undefined;
  dataDir: string;
  log: Log;
  config: MediaConfig;
  /** Speech recognition for menus and gathers listening for speech on these calls (`speechOnCalls`); none: they take keys. */
  speech?: GrammarEngine;
}

/**
 * Builds the media plane's runtime side: the media process handle (started on the first call),
 * the calls controller, the agents' softphone legs and the bridging of agents into calls. Calls
 * left live by a previous process lost their media with it: they are ended (`media_lost_on_restart`)
 * and their sessions end as failed calls.
 */
export async function createMediaServices(deps: MediaServicesDeps): Promise<MediaServices> {
  const config = deps.config;
  const plane = new MediaPlane({ log: deps.log, config });
  const clips = new PromptClips(deps.audio, deps.log);
  const recordings = new CallRecordings({ media: plane, records: deps.store.calls, teams: deps.store.teams, loadFlow: deps.loadFlow, dataDir: deps.dataDir, log: deps.log });
  const voicemails = new CallVoicemails({ media: plane, recordings: deps.store.sessionRecordings, dataDir: deps.dataDir, log: deps.log });
  const calls = new MediaCalls({ media: plane, runner: deps.runner, calls: deps.store.calls, teams: deps.store.teams, clips, rooms: deps.rooms, recordings, voicemails, ...(deps.speech === undefined ? {} : { speech: deps.speech }), log: deps.log });
  const iceServersFor = (userId: string) => iceServersForClient(config.iceServers, userId, Date.now());
  const agentLegs = new AgentLegs(plane, iceServersFor);
  const streams = new TwilioStreams(plane, deps.log);
  plane.onEvent((event) => {
    if (!voicemails.mediaEvent(event) && !recordings.mediaEvent(event) && !agentLegs.mediaEvent(event) && !streams.mediaEvent(event)) calls.mediaEvent(event);
  });
  // Calls on the media plane go only to agents whose softphone is connected; one that connects is offered the queue.
  // A channel that carries calls and chats (WhatsApp) is a call when its session has a live media call.
  const isCall = (conversation: { channelType: string; sessionId: string | null }) =>
    isMediaChannel(conversation.channelType) || (conversation.sessionId !== null && calls.forSession(conversation.sessionId) !== undefined);
  deps.rooms.setAgentFilter((userId, conversation) => !isCall(conversation) || agentLegs.ready(userId) !== undefined);
  agentLegs.onChange((change) => {
    if (change.state === "connected") deps.rooms.agentCanTakeMore(change.userId).catch((error: unknown) => deps.log(`agent ${change.userId}: ${error instanceof Error ? error.message : String(error)}`));
  });
  const callAgents = new CallAgents({ calls, agentLegs, media: plane, records: deps.store.calls, teams: deps.store.teams, clips, recordings, log: deps.log });
  const unsubscribe = callAgents.subscribe(deps.rooms.bus);
  const streamAgents = new StreamAgents({ streams, callAgents, media: plane, rooms: deps.rooms, store: deps.store, clips, log: deps.log });

  const lost = await deps.store.calls.endAllLive(Date.now(), "media_lost_on_restart");
  for (const call of lost) {
    // A Twilio caller's stream: only its audio died; the call goes on at Twilio, and its room is told.
    const row = await deps.store.calls.get(call.id);
    if (row?.channelType === STREAM_CHANNEL_TYPE) {
      await streamAgents.lostOnRestart(row.conversationId).catch((error: unknown) => deps.log(`call ${call.id}: ${error instanceof Error ? error.message : String(error)}`));
      continue;
    }
    if (call.sessionId === null) continue;
    await deps.runner.dispatch(call.sessionId, { type: "hangup", callStatus: "failed" }, { origin: "system" }).catch((error: unknown) => deps.log(`call ${call.id}: ${error instanceof Error ? error.message : String(error)}`));
  }
  if (lost.length > 0) deps.log(`ended ${lost.length} call(s) whose media was lost when the previous process stopped`);

  return {
    plane,
    calls,
    agentLegs,
    callAgents,
    streams,
    streamAgents,
    iceServersFor,
    close: async () => {
      unsubscribe();
      await streamAgents.close();
      await calls.closeAll();
      await plane.stop();
    },
  };
}
