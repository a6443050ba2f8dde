import { useEffect, useState } from "react";
import { type FlowSummary, flowsApi } from "../flows/flows-api";
import { toastError } from "../ui/toasts";

/** Every flow (GET /api/flows), for names and the flow filter; undefined while loading. */
export function useFlows(): FlowSummary[] | undefined {
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  useEffect(() => {
    let cancelled = false;
    flowsApi.list().then(
      (list) => {
        if (!cancelled) setFlows(list);
      },
      (error: unknown) => {
        if (cancelled) return;
        setFlows([]);
        toastError(error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return flows;
}

/** A flow's name, or its id when the flow is unknown (deleted, or the list is still loading). */
export function flowName(flows: readonly FlowSummary[] | undefined, flowId: string): string {
  return flows?.find((flow) => flow.id === flowId)?.name ?? flowId;
}
