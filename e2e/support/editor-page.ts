import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { z } from "zod";
import type { TestServer } from "../../runtime/test-support/test-server";

/** What GET /api/flows/:id answers, as far as the editor tests look. */
export const StoredFlow = z.object({
  revision: z.number(),
  document: z.object({
    entry: z.string(),
    nodes: z.array(z.object({ id: z.string(), type: z.string(), label: z.string().optional(), data: z.record(z.string(), z.unknown()) })),
    edges: z.array(z.object({ id: z.string(), source: z.string(), sourceHandle: z.string(), target: z.string() })),
  }),
});
export type StoredFlow = z.infer<typeof StoredFlow>;

/** The flow's draft as the server has saved it. */
export async function storedFlow(server: TestServer, flowId: string): Promise<StoredFlow> {
  const response = await server.api("GET", `/api/flows/${flowId}`);
  expect(response.status).toBe(200);
  return StoredFlow.parse(response.body);
}

export const node = (target: Page, id: string): Locator => target.locator(`.react-flow__node[data-id="${id}"]`);
export const handle = (target: Page, nodeId: string, handleId: string): Locator =>
  node(target, nodeId).locator(`.react-flow__handle[data-handleid="${handleId}"]`);
export const inspector = (target: Page): Locator => target.locator("form.inspector");
export const saveStatus = (target: Page): Locator => target.locator(".save-status");

export async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not visible");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one element to another, in steps (React Flow follows pointer moves). */
export async function dragMouse(target: Page, from: Locator, to: Locator): Promise<void> {
  const start = await centre(from);
  const end = await centre(to);
  await target.mouse.move(start.x, start.y);
  await target.mouse.down();
  await target.mouse.move(start.x + 10, start.y + 10, { steps: 3 });
  await target.mouse.move(end.x, end.y, { steps: 12 });
  await target.mouse.up();
}
