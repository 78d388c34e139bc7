/**
 * Standalone engine worker: `npm run worker`. Runs the embedded dispatcher and
 * ticker on env().DATABASE_URL — the same code that runs inside `next start`
 * (instrumentation.ts) — without the web server. Any number of workers can run
 * against PostgreSQL; leases keep each run on one worker at a time.
 * SIGTERM/SIGINT: running steps finish, their runs go back to QUEUED, exit 0.
 */
import { providerOf } from "../server/db";
import { env } from "../server/env";
import { startEngine } from "../server/runtime/process";
import { forwardRunChangesToPostgres } from "../server/runtime/run-changes-pg";
import { ensureEncryptionKey } from "../server/security/secret-box";

// The secrets key exists from the first start (generated into DATA_DIR unless ENCRYPTION_KEY is set), like the app secret.
ensureEncryptionKey();

// Live updates: web processes hear this worker's run changes through NOTIFY (PostgreSQL only;
// on SQLite a standalone worker's runs show up in open pages only when they refetch).
if (providerOf(env().DATABASE_URL) === "postgresql") forwardRunChangesToPostgres(env().DATABASE_URL);

startEngine({ exitOnSignal: true })
  .then(async () => {
    process.stdout.write(`switchyard worker ready (pid ${process.pid})\n`);
    // METRICS_PORT: /metrics (METRICS_TOKEN), /health and /ready for this worker (server/ops/worker-listener.ts).
    await (await import("../server/ops/worker-listener")).startOpsListenerFromEnv();
  })
  .catch((err: unknown) => {
    process.stderr.write(`worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
