import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * Files that build process-wide singletons from the env at import time (next-auth's handlers and
 * config, the tRPC context, the live-events hub, the Next.js route modules) run each in a fresh
 * process; every other file runs in a shared one (module graph imported once per worker: the
 * suite's import time fell from ~230 s to ~50 s), with tests/setup/reset-env.ts restoring the env
 * before each file.
 */
const ISOLATED = [
  "tests/auth/**/*.test.ts",
  "tests/trpc/context.test.ts",
  "tests/trpc/http.test.ts",
  "tests/trpc/node-front.test.ts",
  "tests/runtime/live-events.test.ts",
  "tests/engine/execute-route.test.ts",
  "tests/triggers/webhook.test.ts",
  "tests/services/runs/export-runs.test.ts",
  // the process-wide Prometheus registry: the file counts exactly its own runs
  "tests/ops/metrics.test.ts",
];
const EXCLUDE = ["node_modules/**", "e2e/**", ".next/**", "data/**", "tests/crash/**"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // `import "server-only"` guards client bundles; Next resolves it per layer, plain Node needs the no-op half.
      "server-only": path.resolve(__dirname, "node_modules/next/dist/compiled/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ["next-auth"] } },
    fileParallelism: true,
    pool: "forks",
    // Vitest's default is cores - 1 (one worker on a 2-core CI machine); many tests wait on
    // timers, HTTP servers and child processes, so three workers cut the wall time by a third.
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: "isolated", include: ISOLATED, exclude: EXCLUDE, isolate: true } },
      {
        extends: true,
        test: { name: "shared", include: ["**/*.test.ts"], exclude: [...EXCLUDE, ...ISOLATED], isolate: false, setupFiles: ["tests/setup/reset-env.ts"] },
      },
    ],
  },
});
