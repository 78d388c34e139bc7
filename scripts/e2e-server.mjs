// Starts the production build on a fresh, seeded SQLite database for Playwright.
import { spawn } from "node:child_process";
import { rmSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = process.env.PORT || "3200";
// One database per port: runs on different E2E_PORTs (engineers sharing a tree) must not wipe each other's.
const dataDir = path.join(root, "data", port === "3200" ? "e2e" : `e2e-${port}`);
if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("No production build: run `npx next build` first (npm test does).");
  process.exit(1);
}
rmSync(dataDir, { recursive: true, force: true });
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: `file:${path.join(dataDir, "switchyard.db")}`,
  APP_URL: `http://127.0.0.1:${port}`,
  HTTP_ALLOWLIST: "127.0.0.1",
  PORT: port,
  NODE_ENV: "production",
  // /api/metrics on (e2e/ops.spec.ts scrapes it with this token).
  METRICS_TOKEN: process.env.METRICS_TOKEN || "e2e-metrics-token-0123456789",
};
// The server exactly as `npm start` runs it (migrate + seed, then the bundled server: webhook
// ingress and Next.js on the main thread, the engine on its worker thread).
const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
