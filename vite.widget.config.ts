import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const repo = fileURLToPath(new URL(".", import.meta.url));

/**
 * The embeddable web chat widget (designer/widget) as one self-contained IIFE, written next to the
 * web app as dist/designer/widget.js (the runtime serves it at /widget.js). Run after the app's
 * build, which empties dist/designer: `vite build && vite build -c vite.widget.config.ts`.
 */
export default defineConfig({
  root: repo,
  publicDir: false,
  build: {
    outDir: `${repo}dist/designer`,
    emptyOutDir: false,
    copyPublicDir: false,
    target: "es2022",
    lib: {
      entry: `${repo}designer/widget/widget.ts`,
      name: "SwitchboardWidget",
      formats: ["iife"],
      fileName: () => "widget.js",
    },
  },
});
