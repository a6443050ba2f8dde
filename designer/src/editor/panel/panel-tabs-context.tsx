import { createContext, useContext } from "react";

export interface PanelTabsApi {
  /** Opens a tab of the side panel by id ("inspector", "validation", or one plugged in). */
  showTab(id: string): void;
}

export const PanelTabsContext = createContext<PanelTabsApi>({ showTab: () => undefined });

export function usePanelTabs(): PanelTabsApi {
  return useContext(PanelTabsContext);
}
