import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { configDefaults, defineConfig } from "vitest/config";

const repo = fileURLToPath(new URL(".", import.meta.url));

/**
 * One config: `vite build` makes the browser app (designer/, served by the runtime), and vitest
 * runs every test of the repository from its root.
 */
export default defineConfig({
  root: "designer",
  plugins: [react()],
  build: {
    outDir: `${repo}dist/designer`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000", "/health": "http://127.0.0.1:3000", "/ws": { target: "ws://127.0.0.1:3000", ws: true } },
  },
  test: {
    root: repo,
    // Two projects in one run, so `npm test -- <file or -t name>` reaches both.
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["{flow-schema,runtime,designer,examples,drizzle,e2e,bench}/**/*.test.{ts,tsx}"],
          // The PostgreSQL build's tests (`#dialect` as pg-core) are the other project's.
          exclude: [...configDefaults.exclude, "**/*.pg.test.ts"],
          environment: "node",
          globalSetup: ["e2e/support/build-web-app.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      "./vitest.postgres.config.ts",
    ],
  },
});
