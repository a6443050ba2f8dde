import { useEffect, useState } from "react";
import { FlowDocument } from "../../../../../flow-schema/document";
import { type SubflowContract, subflowContract } from "../../../../../flow-schema/subflow-contract";
import { flowsApi } from "../../../flows/flows-api";
import { versionsApi } from "../../../versions/versions-api";

export type ContractState =
  | { status: "loading" }
  | { status: "ready"; contract: SubflowContract; version: number }
  | { status: "unpublished" }
  | { status: "unavailable"; reason: string };

/** The contract of the called flow's live version (what publishing will pin), loaded when the flow id changes. */
export function useSubflowContract(flowId: string): ContractState {
  const [state, setState] = useState<ContractState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    setState({ status: "loading" });
    (async (): Promise<ContractState> => {
      const flow = await flowsApi.get(flowId);
      if (flow.publishedVersion === null) return { status: "unpublished" };
      const version = await versionsApi.get(flowId, flow.publishedVersion);
      const document = FlowDocument.safeParse(version.document);
      if (!document.success) return { status: "unavailable", reason: "its live version does not parse" };
      return { status: "ready", contract: subflowContract(document.data), version: flow.publishedVersion };
    })().then(
      (next) => live && setState(next),
      (error: unknown) => live && setState({ status: "unavailable", reason: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [flowId]);
  return state;
}
