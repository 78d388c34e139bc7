import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * Chaos test (`npm run test:chaos`): the real server process killed with SIGKILL
 * at random moments while a workload runs (tests/chaos). Files end in `.chaos.ts`
 * (not `.test.ts`) so the main suite never picks them up. Options: CHAOS_KILLS,
 * CHAOS_RUNS, CHAOS_SEED, CHAOS_LEASE_MS, CHAOS_SETTLE_MS, CRASH_SERVER_CMD.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `import "server-only"` guards client bundles; plain Node needs the no-op half.
      "server-only": path.resolve(import.meta.dirname, "node_modules/next/dist/compiled/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/chaos/**/*.chaos.ts"],
    environment: "node",
    testTimeout: 60 * 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
  },
});
