import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { z } from "zod";
import { api } from "../../api/api-client";
import { flowsApi } from "../../flows/flows-api";

export const TeamRef = z.object({ id: z.string(), name: z.string() });
export type TeamRef = z.infer<typeof TeamRef>;

export interface FlowRef {
  id: string;
  name: string;
}

/** What the editor knows beyond the flow: the teams a transfer may name and the flows a goto_flow may go to (undefined until loaded, or when unavailable). */
export interface ReferenceData {
  teams: readonly TeamRef[] | undefined;
  flows: readonly FlowRef[] | undefined;
}

const ReferenceContext = createContext<ReferenceData>({ teams: undefined, flows: undefined });

/** Loads teams (GET /api/teams) and flows (GET /api/flows) once for the editor. */
export function ReferenceDataProvider({ children }: { children: ReactNode }) {
  const [data, setData] = useState<ReferenceData>({ teams: undefined, flows: undefined });
  useEffect(() => {
    let live = true;
    api("GET", "/api/teams")
      .then((body) => z.array(TeamRef).parse(body))
      .then(
        (teams) => live && setData((current) => ({ ...current, teams })),
        () => undefined, // Without teams the picker falls back to a text field and team_missing is not checked.
      );
    flowsApi.list().then(
      (flows) => live && setData((current) => ({ ...current, flows: flows.map((flow) => ({ id: flow.id, name: flow.name })) })),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return <ReferenceContext.Provider value={data}>{children}</ReferenceContext.Provider>;
}

export function useReferenceData(): ReferenceData {
  return useContext(ReferenceContext);
}
