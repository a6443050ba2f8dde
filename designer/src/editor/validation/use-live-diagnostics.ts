import { useEffect } from "react";
import { validate } from "../../../../flow-schema/validate/validate";
import { useReferenceData } from "../references/reference-data";
import { useEditor, useEditorStore } from "../store/editor-context";
import { shownDocument } from "../store/shown-document";
import { useCalledFlows } from "./use-called-flows";

export const VALIDATE_DELAY_MS = 150;

/** Runs the shared validator on the shown document as it changes (debounced), with the known flows and teams. */
export function useLiveDiagnostics(): void {
  const store = useEditorStore();
  const document = useEditor(shownDocument);
  const { flows, teams } = useReferenceData();
  const subflows = useCalledFlows(document);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const context = {
        ...(flows ? { knownFlows: flows.map((flow) => flow.id) } : {}),
        // Like the server: team_missing is only checked once teams exist.
        ...(teams && teams.length > 0 ? { knownTeams: teams.map((team) => team.id) } : {}),
        // Subflow nodes are checked against the called flows' live versions once they are loaded.
        ...(subflows ? { subflows } : {}),
      };
      store.getState().setDiagnostics(validate(document, context));
    }, VALIDATE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [document, flows, teams, subflows, store]);
}
