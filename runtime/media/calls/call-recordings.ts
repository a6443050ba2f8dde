import { join, relative } from "node:path";
import type { FlowVersionRef } from "../../engine/index";
import type { CallsRepo } from "../../store/calls-repo";
import type { TeamsRepo } from "../../store/teams-repo";
import type { MediaPlane } from "../media-plane";
import type { MediaEvent } from "../process/media-protocol";

export type RecordingMode = "off" | "agent" | "call";

export interface CallRecordingsDeps {
  media: MediaPlane;
  records: CallsRepo;
  teams: Pick<TeamsRepo, "getTeam">;
  /** The published version of a flow (the runner's cache). */
  loadFlow(flowId: string): FlowVersionRef | undefined;
  dataDir: string;
  log(line: string): void;
}

/**
 * Recording of media-plane calls by the teams' `recording` setting (seed 003: agent-caller audio
 * as Ogg/Opus). `call` records the whole call, flow included: since the flow plays before any
 * team is known, a call starts recording when the channel's published flow can transfer to a team
 * that records whole calls (the greeting is where to announce it). `agent` starts when an agent of
 * a recording team joins. One stereo file per call under `$DATA_DIR/recordings/` (the caller left,
 * what the caller heard right); the call's row says where, how long, and any error.
 */
export class CallRecordings {
  private readonly active = new Map<string, RecordingMode>();

  constructor(private readonly deps: CallRecordingsDeps) {}

  /** A media event about a recording (returns whether it was one). */
  mediaEvent(event: MediaEvent): boolean {
    if (event.type !== "record.finished") return false;
    const mode = this.active.get(event.recordingId) ?? "call";
    this.active.delete(event.recordingId);
    const path = event.path === "" ? undefined : relative(join(this.deps.dataDir, "recordings"), event.path);
    void this.deps.records
      .recording(event.recordingId, { ...(path === undefined ? {} : { path }), ms: event.durationMs, ...(event.error === undefined ? {} : { error: event.error }), mode })
      .catch((error: unknown) => this.deps.log(`call ${event.recordingId}: recording row: ${error instanceof Error ? error.message : String(error)}`));
    if (event.error !== undefined) this.deps.log(`call ${event.recordingId}: recording failed: ${event.error}`);
    return true;
  }

  /** At the call's start: record from now if the flow can reach a team that records whole calls. */
  async atStart(callId: string, legId: string, flowId: string): Promise<void> {
    const flow = this.deps.loadFlow(flowId);
    if (flow === undefined) return;
    const teamIds = new Set<string>();
    for (const node of flow.document.nodes) if (node.type === "transfer") teamIds.add(node.data.teamId);
    for (const teamId of teamIds) {
      if ((await this.modeOf(teamId)) === "call") {
        await this.start(callId, legId, "call");
        return;
      }
    }
  }

  /** An agent of `teamId` joined the call: record from now if the team records. */
  async agentJoined(callId: string, legId: string, teamId: string | null): Promise<void> {
    if (teamId === null || this.active.has(callId)) return;
    const mode = await this.modeOf(teamId);
    if (mode !== "off") await this.start(callId, legId, mode);
  }

  /**
   * A dial node that records: the caller's leg from the answer (what they said left, what they
   * heard — the dialled party — right), unless the call already records. True when it started here.
   */
  async startFor(callId: string, legId: string): Promise<boolean> {
    if (this.active.has(callId)) return false;
    await this.start(callId, legId, "call");
    return this.active.has(callId);
  }

  /** Stops a recording `startFor` started (the dialled call ended); its file is written and its row stamped when the media process says so. */
  async stop(callId: string): Promise<void> {
    if (!this.active.has(callId)) return;
    await this.deps.media.send({ type: "record.stop", recordingId: callId }).catch((error: unknown) => this.deps.log(`call ${callId}: recording did not stop: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async modeOf(teamId: string): Promise<RecordingMode> {
    return (await this.deps.teams.getTeam(teamId))?.recording ?? "off";
  }

  private async start(callId: string, legId: string, mode: RecordingMode): Promise<void> {
    if (this.active.has(callId)) return;
    this.active.set(callId, mode);
    const path = join(this.deps.dataDir, "recordings", `${callId}.ogg`);
    try {
      await this.deps.media.send({ type: "record.start", recordingId: callId, legId, path });
      await this.deps.records.recording(callId, { mode });
    } catch (error) {
      this.active.delete(callId);
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log(`call ${callId}: recording did not start: ${message}`);
      await this.deps.records.recording(callId, { mode, error: message });
    }
  }
}
