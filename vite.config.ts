import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{flow-schema,runtime,designer,examples,drizzle,e2e,bench}/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
