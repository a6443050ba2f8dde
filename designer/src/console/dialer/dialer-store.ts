import { create } from "zustand";
import { CLOSED_DIALER, type DialerEvent, dialerReducer, type DialerState, type Trunk } from "./dialer-state";

interface DialerStore {
  /** The SIP trunks (undefined until loaded). */
  trunks: Trunk[] | undefined;
  dialer: DialerState;
  setTrunks(trunks: Trunk[]): void;
  dispatch(event: DialerEvent): void;
  reset(): void;
}

/** The console's dialer: the trunks it can call through and the dialog's state (dialer-state.ts). */
export const useDialer = create<DialerStore>((set) => ({
  trunks: undefined,
  dialer: CLOSED_DIALER,
  setTrunks: (trunks) => set({ trunks }),
  dispatch: (event) => set((state) => ({ dialer: dialerReducer(state.dialer, event) })),
  reset: () => set({ trunks: undefined, dialer: CLOSED_DIALER }),
}));
