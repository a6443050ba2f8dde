import { navigate } from "../../router/router";
import { toast } from "../../ui/toasts";
import { channelsApi } from "../../settings/channels/channels-api";
import { roomPath } from "../console-actions";
import { consoleApi } from "../console-api";
import { useConsole } from "../console-store";
import { dialErrorOf } from "./dial-error";
import { checkNumber } from "./e164";
import { trunkChoice, trunksOf } from "./dialer-state";
import { useDialer } from "./dialer-store";

/** Where the trunk last used is remembered (per browser). */
const REMEMBERED_TRUNK = "switchboard.console.trunk";

function remembered(): string | null {
  try {
    return window.localStorage.getItem(REMEMBERED_TRUNK);
  } catch {
    return null; // storage blocked
  }
}

function remember(channelId: string): void {
  try {
    window.localStorage.setItem(REMEMBERED_TRUNK, channelId);
  } catch {
    // storage blocked: the first trunk is chosen next time
  }
}

const dialer = () => useDialer.getState();

/** What the dialer does: loads the trunks, opens (with a number to call back), picks a trunk, places the call and opens its room. */
export const dialerActions = {
  /** GET /api/channels (agents may read them): the SIP trunks. A failure keeps what was loaded. */
  async loadTrunks(): Promise<void> {
    dialer().setTrunks(trunksOf(await channelsApi.list()));
  },

  /** Opens the dialer, empty or with a number (a call-back through the call's own trunk when it is still enabled). */
  open(number = "", channelId?: string): void {
    const trunks = dialer().trunks ?? [];
    const preferred = channelId !== undefined && trunks.some((trunk) => trunk.id === channelId && trunk.enabled) ? channelId : remembered();
    dialer().dispatch({ type: "open", text: number, channelId: trunkChoice(trunks, preferred) });
    dialerActions.loadTrunks().catch(() => undefined);
  },

  /** Why calls cannot be placed now (the Call button or a call-back pressed while off). */
  explain(reason: string | null): void {
    toast.info(reason ?? "Calls cannot be placed now.");
  },

  pickTrunk(channelId: string): void {
    dialer().dispatch({ type: "trunk", channelId });
    remember(channelId);
  },

  /**
   * Call: POST /api/calls; the room opened for the call opens at once (the list shows it under
   * Mine). A refusal stays in the dialog, in words, under the field it names.
   */
  async call(): Promise<void> {
    dialer().dispatch({ type: "submit" });
    const { dialer: state, trunks } = dialer();
    if (state.phase !== "calling") return;
    const check = checkNumber(state.text);
    if (!check.ok) return;
    try {
      const placed = await consoleApi.placeCall({ channelId: state.channelId, to: check.number });
      remember(state.channelId);
      dialer().dispatch({ type: "placed" });
      useConsole.getState().setView("mine");
      navigate(roomPath(placed.conversationId));
    } catch (error) {
      const refusal = dialErrorOf(error, trunks?.find((trunk) => trunk.id === state.channelId)?.name);
      if (dialer().dialer.phase === "calling") dialer().dispatch({ type: "failed", error: refusal });
      else toast.error(refusal.message); // the dialog was closed meanwhile
      // The trunk may have gone or been disabled since the list was read.
      dialerActions.loadTrunks().catch(() => undefined);
    }
  },
};
