import { useState } from "react";
import { ApiRequestError } from "../../api/api-client";
import { z } from "zod";
import { type AudioAsset, audioApi, AudioTeamUse, type AudioUse, formatDuration, formatSize } from "../../audio/audio-api";
import { useAudioLibrary } from "../../audio/use-audio-library";
import { ConfirmDialog } from "../../ui/confirm-dialog";
import { toast } from "../../ui/toasts";
import { SettingsDate } from "../settings-date";
import { SettingsLayout } from "../settings-layout";
import { SettingsList } from "../settings-list";
import { useSettingsRows } from "../use-settings-rows";
import { AudioUpload } from "./audio-upload";
import { PlayButton } from "./play-button";

/** The flows and versions a refused delete named (`details.usedBy`). */
function usesOf(error: unknown): AudioUse[] {
  if (!(error instanceof ApiRequestError) || typeof error.details !== "object" || error.details === null || !("usedBy" in error.details)) return [];
  const usedBy = error.details.usedBy;
  return Array.isArray(usedBy) ? usedBy.filter((use): use is AudioUse => typeof use === "object" && use !== null && "flowId" in use) : [];
}

/** The teams a refused delete named (`details.usedByTeams`): they play it as hold audio. */
function teamsOf(error: unknown): AudioTeamUse[] {
  if (!(error instanceof ApiRequestError) || typeof error.details !== "object" || error.details === null || !("usedByTeams" in error.details)) return [];
  const parsed = z.array(AudioTeamUse).safeParse(error.details.usedByTeams);
  return parsed.success ? parsed.data : [];
}

/** The library; the prompt inspector's pickers read the same list. */
const loadLibrary = () =>
  audioApi.list().then((list) => {
    useAudioLibrary.setState({ assets: list });
    return list;
  });

/** /settings/audio: the audio library. List, play, upload (drop or pick), delete unless a published flow uses it. */
export function AudioSection({ path }: { path: string }) {
  const assets = useSettingsRows(loadLibrary);
  const [deleting, setDeleting] = useState<AudioAsset | undefined>();
  const [refusal, setRefusal] = useState<{ message: string; uses: AudioUse[]; teams: AudioTeamUse[] } | undefined>();

  return (
    <SettingsLayout path={path}>
      <p className="muted">
        Recorded prompts and hold music. Uploads are converted for phone lines (8 kHz μ-law WAV) and for the web (OGG/Opus); a prompt or transfer names them by id.
      </p>
      <AudioUpload onUploaded={assets.reload} />
      <SettingsList
        label="Audio library"
        list={assets}
        loading="Loading the audio library…"
        empty={{ title: "No audio yet", text: "Upload a greeting or hold music; the default hold music and ringback are built in." }}
        columns={[
          { header: "Name", className: "strong", cell: (asset) => asset.name },
          { header: "Duration", cell: (asset) => formatDuration(asset.duration) },
          { header: "Size", cell: (asset) => <span title={`${asset.size} bytes (${asset.sourceFormat.toUpperCase()})`}>{formatSize(asset.size)}</span> },
          { header: "Id", cell: (asset) => <code title={asset.id}>{asset.id.slice(0, 8)}…</code> },
          { header: "Uploaded", cell: (asset) => <SettingsDate iso={asset.createdAt} /> },
        ]}
        actions={(asset) => (
          <>
            <PlayButton src={asset.oggUrl} label={asset.name} />
            <button
              type="button"
              className="button button-quiet button-danger"
              aria-label={`Delete ${asset.name}`}
              onClick={() => {
                setRefusal(undefined);
                setDeleting(asset);
              }}
            >
              Delete
            </button>
          </>
        )}
      />

      <ConfirmDialog
        title="Delete audio"
        action="Delete"
        open={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await audioApi.remove(deleting.id);
          } catch (error) {
            if (error instanceof ApiRequestError && error.status === 409) setRefusal({ message: error.message, uses: usesOf(error), teams: teamsOf(error) });
            throw error;
          }
          toast.success(`Deleted “${deleting.name}”`);
          assets.reload();
        }}
      >
        <p>
          Delete <strong>{deleting?.name}</strong> and its files? Prompts that name it in drafts will have no audio. This cannot be undone.
        </p>
        {refusal && (
          <div className="form-error" role="alert">
            <p>It cannot be deleted: {refusal.teams.length === 0 ? "published flows use it." : refusal.uses.length === 0 ? "teams play it as hold music." : "published flows and teams use it."}</p>
            <ul>
              {refusal.uses.map((use) => (
                <li key={use.flowId}>
                  {use.flowName} ({use.flowId}): version {use.versions.join(", ")}
                </li>
              ))}
              {refusal.teams.map((team) => (
                <li key={`team:${team.id}`}>
                  Team {team.name} ({team.id}): hold music
                </li>
              ))}
            </ul>
          </div>
        )}
      </ConfirmDialog>
    </SettingsLayout>
  );
}
