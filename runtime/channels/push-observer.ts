import type { Effect, SessionState } from "../engine/index";
import type { RunnerObserver } from "../sessions/runner-observer";
import { type AnyChannelDriver, type DriverContext, isChannelOf } from "./channel-driver";

async function push(driver: AnyChannelDriver, channelId: string, state: SessionState, effects: readonly Effect[], context: DriverContext): Promise<void> {
  const channel = await context.channels.get(channelId);
  if (channel === undefined || !isChannelOf(channel, driver.type)) return;
  await driver.push?.(state, effects, channel, context);
}

/**
 * Sends what happened outside a webhook to the provider. The runner calls observers for every
 * committed step; a dispatch with origin "channel" is rendered by the webhook that made it, but
 * those with origin "timer" (a transfer or input timing out) and "system" (agent rooms answering
 * a transfer: nobody available, or the agent closed the conversation) were answered to nobody.
 * Observers run under the session's lock and must be quick, so the push runs in the background
 * and failures are logged.
 */
export function pushObserver(drivers: readonly AnyChannelDriver[], context: DriverContext): RunnerObserver {
  return {
    onEffects(sessionId, effects, { origin, state }) {
      if (origin === "channel") return;
      const channelId = state.channel.id;
      const driver = drivers.find((candidate) => candidate.type === state.channel.type);
      if (channelId === undefined || driver?.push === undefined) return;
      push(driver, channelId, state, effects, context).catch((error: unknown) => {
        context.log(`${driver.type} ${channelId}: pushing the effects of a ${origin} dispatch of session ${sessionId} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
  };
}
