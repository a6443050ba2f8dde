import { useEffect } from "react";
import { useSession } from "../auth/session-store";
import { NotFoundPage } from "../pages/not-found-page";
import { matchPath, navigate } from "../router/router";
import { ApiKeysSection } from "./api-keys/api-keys-section";
import { AddChannelPage } from "./channels/add-channel-page";
import { ChannelDetailPage } from "./channels/channel-detail-page";
import { ChannelsSection } from "./channels/channels-section";
import { AiSection } from "./ai/ai-section";
import { AudioSection } from "./audio/audio-section";
import { SettingsLayout } from "./settings-layout";
import { SpeechSection } from "./speech/speech-section";
import { TeamsSection } from "./teams/teams-section";
import { UsersSection } from "./users/users-section";

/** /settings/…: admin screens (users, teams, channels, API keys, audio, speech, AI); /settings itself goes to the users. */
export function SettingsPage({ path }: { path: string }) {
  const isAdmin = useSession((state) => state.me?.role === "admin");
  useEffect(() => {
    if (path === "/settings" || path === "/settings/") navigate("/settings/users", { replace: true });
  }, [path]);

  if (!isAdmin)
    return (
      <SettingsLayout path={path}>
        <div className="empty-state">
          <h2>Admins only</h2>
          <p className="muted">Ask an admin to change users, teams, channels, API keys, audio, speech or AI providers.</p>
        </div>
      </SettingsLayout>
    );
  if (path === "/settings/users") return <UsersSection path={path} />;
  if (path === "/settings/teams") return <TeamsSection path={path} />;
  if (path === "/settings/api-keys") return <ApiKeysSection path={path} />;
  if (path === "/settings/audio") return <AudioSection path={path} />;
  if (path === "/settings/speech") return <SpeechSection path={path} />;
  if (path === "/settings/ai") return <AiSection path={path} />;
  if (path === "/settings/channels") return <ChannelsSection path={path} />;
  if (path === "/settings/channels/new") return <AddChannelPage path={path} />;
  const channel = matchPath("/settings/channels/:id", path);
  if (channel?.id) return <ChannelDetailPage key={channel.id} path={path} channelId={channel.id} />;
  if (path === "/settings" || path === "/settings/") return <SettingsLayout path={path}>{null}</SettingsLayout>;
  return <NotFoundPage />;
}
