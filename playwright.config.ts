import { defineConfig, devices } from "@playwright/test";
import path from "node:path";
import { findChromium } from "./scripts/find-chromium.mjs";

const PORT = Number(process.env.E2E_PORT ?? 3200);
// CHROMIUM_PATH, Debian's headless shell, the full browser (scripts/find-chromium.mjs).
const chromium = findChromium() ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // Traces keep DOM snapshots for a failed test but no screencast: the screenshots cost a fifth
    // of the suite's CPU on a 2-core machine. Reduced motion (honoured by app/globals.css) stops
    // spinners, shimmer and transitions from repainting while the tests wait.
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: true, sources: true },
    reducedMotion: "reduce",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "ui", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: `node ${path.join("scripts", "e2e-server.mjs")}`,
    url: `http://127.0.0.1:${PORT}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { PORT: String(PORT) },
    stdout: "pipe",
    stderr: "pipe",
  },
});
