import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * Crash tests (`npm run test:crash`): start the real server as a child process
 * on its own database and kill -9 it. Slow and process-heavy: one file at a time.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `import "server-only"` guards client bundles; Next resolves it per layer, plain Node needs the no-op half.
      "server-only": path.resolve(import.meta.dirname, "node_modules/next/dist/compiled/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/crash/**/*.crash.test.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
  },
});
