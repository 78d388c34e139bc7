import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // `import "server-only"` guards client bundles; Next resolves it per layer, plain Node needs the no-op half.
      "server-only": path.resolve(__dirname, "node_modules/next/dist/compiled/server-only/empty.js"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", "data/**", "tests/crash/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ["next-auth"] } },
    fileParallelism: true,
    pool: "forks",
    // Vitest's default is cores - 1 (one worker on a 2-core CI machine); many tests wait on
    // timers, HTTP servers and child processes, so three workers cut the wall time by a third.
    maxWorkers: 3,
  },
});
