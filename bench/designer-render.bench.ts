import { build } from "vite";
import { launchBrowser } from "../e2e/support/browser";
import { startTestServer } from "../runtime/test-support/test-server";
import { generateLargeFlow } from "./fixtures/generate-large-flow";
import { round } from "./measure";

const ADMIN = { email: "bench@switchboard.test", password: "bench password 1" };

/**
 * Opens a generated 2,000-node flow in the designer in headless chromium: the time to first render
 * (navigation → the first node on screen, and → every node in the DOM) and the time to pan across
 * the whole canvas at 100% zoom. Target: first render under 3 s.
 */
export async function benchDesignerRender(): Promise<Record<string, number>> {
  await build({ configFile: new URL("../vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
  const server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_EXAMPLES: "0" });
  const browser = await launchBrowser();
  try {
    const flow = generateLargeFlow(200);
    const created = await server.api("POST", "/api/flows", flow);
    if (created.status !== 201) throw new Error(`could not create the large flow: ${created.text.slice(0, 300)}`);
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const login = await context.request.post(`${server.url}/api/auth/login`, { data: ADMIN });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    const page = await context.newPage();

    const started = performance.now();
    await page.goto(`${server.url}/designer/flows/${flow.id}`);
    await page.waitForSelector(".react-flow__node", { timeout: 60_000 });
    const firstNodeMs = performance.now() - started;
    // Scripts run in the page are strings: tsx would wrap inline functions in helpers the page lacks.
    const nodeCount = Number(
      await page.evaluate(`(async () => {
        let last = -1, stable = 0;
        while (stable < 5) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const count = document.querySelectorAll(".react-flow__node").length;
          stable = count === last ? stable + 1 : 0;
          last = count;
        }
        return last;
      })()`),
    );
    const settledMs = performance.now() - started;

    // Zoom to 100% around the first node, then drag the pane across the flow's extent.
    const pane = page.locator(".react-flow__pane");
    const box = await pane.boundingBox();
    if (!box) throw new Error("no canvas pane");
    const extent = Number(await page.evaluate(`document.querySelector(".react-flow__viewport")?.getBoundingClientRect().height ?? 0`));
    await page.evaluate(`(() => {
      const state = { frames: 0, running: true };
      const tick = () => { state.frames++; if (state.running) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.__benchFrames = state;
    })()`);
    const frames = 0;
    const steps = 40;
    const panStarted = performance.now();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 20);
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height - 20 - (i * (box.height - 40)) / steps, { steps: 2 });
    }
    await page.mouse.up();
    await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`);
    const panMs = performance.now() - panStarted;
    const framesDuringPan = Number(await page.evaluate(`(() => { window.__benchFrames.running = false; return window.__benchFrames.frames; })()`));

    console.log(
      `designer: ${nodeCount} nodes on screen; first node after ${round(firstNodeMs)} ms, all rendered after ${round(settledMs)} ms (target < 3000 ms)`,
    );
    console.log(
      `designer: pan (drag the fitted canvas, ${round(extent)} px of flow, one screen height in ${steps} moves): ${round(panMs)} ms, ${round((framesDuringPan - frames) / (panMs / 1000))} frames/s`,
    );
    return {
      designer_nodes: nodeCount,
      designer_first_node_ms: round(firstNodeMs),
      designer_rendered_ms: round(settledMs),
      designer_pan_ms: round(panMs),
      designer_pan_fps: round((framesDuringPan - frames) / (panMs / 1000)),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
