/**
 * Standalone engine worker: `npm run worker`. Runs the embedded dispatcher and
 * ticker on env().DATABASE_URL — the same code that runs inside `next start`
 * (instrumentation.ts) — without the web server. Any number of workers can run
 * against PostgreSQL; leases keep each run on one worker at a time.
 * SIGTERM/SIGINT: running steps finish, their runs go back to QUEUED, exit 0.
 */
import { startEngine } from "../server/runtime/process";

startEngine({ exitOnSignal: true })
  .then(() => {
    process.stdout.write(`switchyard worker ready (pid ${process.pid})\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
