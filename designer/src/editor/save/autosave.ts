import { z } from "zod";
import { FlowDocument } from "../../../../flow-schema/document";
import { FLOW_LIMITS, findLimitViolations } from "../../../../flow-schema/limits";
import { ApiRequestError } from "../../api/api-client";
import type { SaveState } from "../store/editor-state";
import type { EditorStore } from "../store/editor-store";
import type { EditorDocument } from "../store/flow-types";
import { loadDocument } from "../store/load-document";

/** How the autosave reaches the server (flowsApi in the app, a fake in tests). */
export interface DraftApi {
  save(flowId: string, document: EditorDocument, baseRevision: number): Promise<{ revision: number }>;
  load(flowId: string): Promise<{ document: unknown; revision: number }>;
}

export interface AutosaveOptions {
  delayMs?: number;
  /** First retry after a failed save; doubles up to a minute. */
  retryMs?: number;
  /** Told once when saving starts failing. */
  onError?: (message: string) => void;
}

const ConflictDetails = z.object({ currentRevision: z.number().int() });

export const AUTOSAVE_DELAY_MS = 800;

/**
 * Saves the draft after edits (debounced) with the revision it is based on. A stale base (another
 * tab saved) is a conflict: autosave stops and the local document stays until the user chooses
 * Reload (take theirs) or Overwrite (save mine on top of theirs).
 */
export class Autosave {
  private saved: EditorDocument;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private failures = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly delayMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly store: EditorStore,
    private readonly api: DraftApi,
    private readonly options: AutosaveOptions = {},
  ) {
    this.saved = store.getState().document;
    this.delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.retryMs = options.retryMs ?? 5000;
  }

  start(): () => void {
    this.unsubscribe = this.store.subscribe((state, previous) => {
      if (state.document !== previous.document || (previous.readOnly !== null && state.readOnly === null)) this.changed();
    });
    return () => this.stop();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.cancelTimer();
  }

  /** Whether the document has changes the server does not have. */
  get dirty(): boolean {
    return this.store.getState().document !== this.saved;
  }

  /** Saves now if there is something to save (leaving the page). */
  flush(): Promise<void> {
    this.cancelTimer();
    return this.save();
  }

  /** After a conflict: save the local document on top of the revision the other tab saved. */
  async overwrite(): Promise<void> {
    const { save, flowId } = this.store.getState();
    if (save.status !== "conflict") return;
    const base = save.currentRevision ?? (await this.api.load(flowId)).revision;
    this.store.getState().markSaved(base);
    this.store.getState().setSave({ status: "dirty" });
    await this.save();
  }

  /** After a conflict: drop the local changes and load the server's draft (undo brings them back). */
  async reload(): Promise<void> {
    const { flowId } = this.store.getState();
    const loaded = await this.api.load(flowId);
    const parsed = loadDocument(loaded.document);
    if (!parsed.ok) throw new Error(`the server's draft does not parse: ${parsed.problems[0] ?? ""}`);
    this.cancelTimer();
    this.saved = parsed.document;
    this.failures = 0;
    this.store.getState().replaceDocument(parsed.document, loaded.revision);
    this.store.getState().setSave({ status: "saved" });
  }

  private changed(): void {
    const state = this.store.getState();
    if (state.save.status === "conflict") return;
    if (!this.dirty) {
      this.cancelTimer();
      if (!this.inFlight) state.setSave({ status: "saved" });
      return;
    }
    if (state.save.status !== "saving") state.setSave(this.unsavedState());
    this.schedule(this.delayMs);
  }

  private unsavedState(): SaveState {
    const reason = unsavable(this.store.getState().document);
    return reason === undefined ? { status: "dirty" } : { status: "dirty", message: reason };
  }

  private schedule(delay: number): void {
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private save(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.saveOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async saveOnce(): Promise<void> {
    const state = this.store.getState();
    if (state.save.status === "conflict" || state.readOnly) return;
    const document = state.document;
    if (document === this.saved) {
      state.setSave({ status: "saved" });
      return;
    }
    // The server refuses a document that does not parse or is over a size limit: wait until that is fixed.
    if (unsavable(document) !== undefined) {
      state.setSave(this.unsavedState());
      return;
    }
    state.setSave({ status: "saving" });
    try {
      const result = await this.api.save(state.flowId, document, state.revision);
      this.saved = document;
      this.failures = 0;
      this.store.getState().markSaved(result.revision);
    } catch (error) {
      this.failed(error);
      return;
    }
    if (this.dirty) {
      this.store.getState().setSave(this.unsavedState());
      this.schedule(this.delayMs);
    } else {
      this.store.getState().setSave({ status: "saved" });
    }
  }

  private failed(error: unknown): void {
    if (error instanceof ApiRequestError && error.status === 409 && error.code === "revision_conflict") {
      const details = ConflictDetails.safeParse(error.details);
      this.cancelTimer();
      this.store.getState().setSave({
        status: "conflict",
        message: error.message,
        ...(details.success ? { currentRevision: details.data.currentRevision } : {}),
      });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (this.failures === 0) this.options.onError?.(`Saving the draft failed: ${message}`);
    this.failures++;
    this.store.getState().setSave({ status: "failed", message });
    // The network or the server failing may pass; a refused document is tried again after the next edit.
    const transient = !(error instanceof ApiRequestError) || error.status === 0 || error.status >= 500;
    if (transient) this.schedule(Math.min(this.retryMs * 2 ** (this.failures - 1), 60_000));
  }
}

/** Why the server would refuse the document (it does not parse, or it is over a node, edge or string limit), if it would. */
function unsavable(document: EditorDocument): string | undefined {
  if (!FlowDocument.safeParse(document).success) return "Fix the errors in the flow to save it";
  const [over] = findLimitViolations(document, FLOW_LIMITS, 1);
  return over === undefined ? undefined : `Too large to save: ${over.message}`;
}
