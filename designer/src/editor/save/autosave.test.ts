import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FLOW_LIMITS } from "../../../../flow-schema/limits";
import { ApiRequestError } from "../../api/api-client";
import { createEditorStore } from "../store/editor-store";
import type { EditorDocument } from "../store/flow-types";
import { smallFlow } from "../store/test-fixtures";
import { Autosave, type DraftApi } from "./autosave";

/** A fake server draft with revisions, like PUT /api/flows/:id. */
function fakeServer(initial: EditorDocument) {
  const server: { document: string; revision: number; saves: number; fail?: ApiRequestError } = { document: JSON.stringify(initial), revision: 1, saves: 0 };
  const api: DraftApi = {
    save: async (_id, document, baseRevision) => {
      server.saves++;
      if (server.fail) throw server.fail;
      if (baseRevision !== server.revision) {
        throw new ApiRequestError(409, "revision_conflict", "someone saved first", { currentRevision: server.revision });
      }
      server.document = JSON.stringify(document);
      server.revision++;
      return { revision: server.revision };
    },
    load: async () => ({ document: JSON.parse(server.document), revision: server.revision }),
  };
  return { server, api };
}

function setup() {
  const store = createEditorStore({ flowId: "small", document: smallFlow(), revision: 1 });
  const { server, api } = fakeServer(store.getState().document);
  const errors: string[] = [];
  const autosave = new Autosave(store, api, { onError: (message) => errors.push(message) });
  autosave.start();
  return { store, server, autosave, errors };
}

describe("autosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves 800 ms after the last edit, with the base revision", async () => {
    const { store, server } = setup();
    store.getState().setEntry("menu");
    expect(store.getState().save.status).toBe("dirty");
    await vi.advanceTimersByTimeAsync(500);
    store.getState().setNodeLabel("menu", "Main");
    await vi.advanceTimersByTimeAsync(500);
    expect(server.saves).toBe(0);
    await vi.advanceTimersByTimeAsync(400);
    expect(server.saves).toBe(1);
    expect(JSON.parse(server.document).entry).toBe("menu");
    expect(store.getState().save.status).toBe("saved");
    expect(store.getState().revision).toBe(2);
  });

  it("does not save a document the server would refuse, and says why", async () => {
    const { store, server } = setup();
    const menu = store.getState().document.nodes.find((node) => node.id === "menu");
    if (menu?.type !== "menu") throw new Error("no menu");
    store.getState().updateNodeData("menu", "menu", { ...menu.data, options: [{ key: "1", label: "" }] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.saves).toBe(0);
    expect(store.getState().save).toEqual({ status: "dirty", message: "Fix the errors in the flow to save it" });
  });

  it("does not send a draft over the node limit, and says which limit", async () => {
    const { store, server } = setup();
    const document = store.getState().document;
    const extra = Array.from({ length: FLOW_LIMITS.maxNodes + 1 - document.nodes.length }, (_, i) => ({
      id: `extra-${i}`,
      type: "hangup" as const,
      position: { x: 0, y: 0 },
      data: {},
    }));
    store.getState().replaceDocument({ ...document, nodes: [...document.nodes, ...extra] }, store.getState().revision);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.saves).toBe(0);
    expect(store.getState().save).toEqual({ status: "dirty", message: `Too large to save: the flow has ${FLOW_LIMITS.maxNodes + 1} nodes; at most ${FLOW_LIMITS.maxNodes} are allowed` });
  });

  it("shows why the server refused a draft as too large, and does not retry it on its own", async () => {
    const { store, server, errors } = setup();
    server.fail = new ApiRequestError(413, "flow_too_large", "the flow document is 4.2 MB; at most 4 MB (4,194,304 bytes) is allowed", { limit: "maxBytes" });
    store.getState().setEntry("menu");
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().save).toEqual({ status: "failed", message: "the flow document is 4.2 MB; at most 4 MB (4,194,304 bytes) is allowed" });
    expect(errors).toEqual(["Saving the draft failed: the flow document is 4.2 MB; at most 4 MB (4,194,304 bytes) is allowed"]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.saves).toBe(1);
  });

  it("goes back to saved when the edits are undone", async () => {
    const { store, server } = setup();
    store.getState().setEntry("menu");
    store.getState().undo();
    expect(store.getState().save.status).toBe("saved");
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.saves).toBe(0);
  });

  it("stops on a conflict and keeps the local document; Overwrite saves it on top", async () => {
    const { store, server, autosave } = setup();
    server.revision = 5; // another tab saved
    store.getState().setEntry("menu");
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().save).toMatchObject({ status: "conflict", currentRevision: 5 });
    store.getState().setEntry("goodbye");
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.saves).toBe(1);
    expect(store.getState().document.entry).toBe("goodbye");
    await autosave.overwrite();
    expect(server.saves).toBe(2);
    expect(JSON.parse(server.document).entry).toBe("goodbye");
    expect(store.getState().save.status).toBe("saved");
    expect(store.getState().revision).toBe(6);
  });

  it("Reload takes the server's draft, and undo brings the local one back", async () => {
    const { store, server, autosave } = setup();
    server.document = JSON.stringify({ ...JSON.parse(server.document), entry: "goodbye" });
    server.revision = 3;
    store.getState().setEntry("menu");
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().save.status).toBe("conflict");
    await autosave.reload();
    expect(store.getState().document.entry).toBe("goodbye");
    expect(store.getState().revision).toBe(3);
    expect(store.getState().save.status).toBe("saved");
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.saves).toBe(1);
    store.getState().undo();
    expect(store.getState().document.entry).toBe("menu");
  });

  it("retries a failed save and tells once", async () => {
    const { store, server, errors } = setup();
    server.fail = new ApiRequestError(0, "network", "the server cannot be reached", undefined);
    store.getState().setEntry("menu");
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().save).toMatchObject({ status: "failed", message: "the server cannot be reached" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.saves).toBe(2);
    expect(errors).toHaveLength(1);
    server.fail = undefined;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.getState().save.status).toBe("saved");
  });

  it("saves what is pending when flushed", async () => {
    const { store, server, autosave } = setup();
    store.getState().setEntry("menu");
    await autosave.flush();
    expect(server.saves).toBe(1);
  });
});
