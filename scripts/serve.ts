/**
 * The production server (`npm start` runs it after building and migrating):
 * one process serving webhooks on the plain node:http front
 * (server/runtime/ingress.ts) and every other request through Next.js's
 * request handler, plus the embedded engine (when ENGINE_EMBEDDED) on a worker
 * thread of this process (ENGINE_THREAD, default) or on the main thread. Flags:
 * -p/--port (default PORT), -H/--hostname (default: all interfaces).
 *
 * SIGTERM/SIGINT (server/runtime/shutdown.ts): /api/ready answers 503, the
 * server stops accepting connections (idle keep-alive ones are closed, live
 * streams ended, requests in progress finish), the engine stops claiming and
 * its steps in flight get SHUTDOWN_GRACE_MS, the runs still in a step after
 * that are handed back; then exit 0. A second signal exits at once (128 + n).
 * Webhooks arriving during the drain (on a connection opened before it) are
 * still accepted: accepting one only commits a QUEUED run, which another
 * process or the restarted one executes; in wait mode they answer 202 at once.
 */
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { dbReady } from "../server/db";
import { env } from "../server/env";
import { ensureEncryptionKey } from "../server/security/secret-box";
import { createIngressServer } from "../server/runtime/ingress";
import { createTrpcNodeHandler } from "../server/trpc/node-handler";
import { startEngineThread } from "../server/runtime/engine-host";
import { createHttpDrain } from "../server/runtime/http-drain";
import { handleShutdownSignals, isDraining } from "../server/runtime/shutdown";
import type { StopSummary } from "../server/queue/dispatcher";
import { startEngine, startQueueProducer, stopEngine } from "../server/runtime/process";
import { createOpsFront } from "../server/ops/http";

/** Defined (true) by scripts/build-server.mjs in the bundle. */
declare const SWITCHYARD_SERVER_BUNDLE: boolean | undefined;

function flag(names: string[]): string | undefined {
  const i = process.argv.findIndex((a) => names.includes(a));
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  // Bundled (npm start: .next/switchyard-server/serve.mjs) or run from source with tsx (scripts/serve.ts).
  const bundled = typeof SWITCHYARD_SERVER_BUNDLE !== "undefined" && SWITCHYARD_SERVER_BUNDLE;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), bundled ? "../.." : "..");
  const e = env();
  // The secrets key exists from the first start (generated into DATA_DIR unless ENCRYPTION_KEY is set), like the app secret.
  ensureEncryptionKey();
  const port = Number(flag(["-p", "--port"]) ?? e.PORT);
  const hostname = flag(["-H", "--hostname"]);
  const db = await dbReady();
  // Started before Next.js so that its instrumentation finds this engine (process.ts keeps it on globalThis).
  const engineThread = e.ENGINE_EMBEDDED && e.ENGINE_THREAD;
  const engine: Promise<(() => Promise<StopSummary | null>) | null> = engineThread
    ? startEngineThread(bundled ? { entry: new URL("./engine-thread.mjs", import.meta.url) } : {}).then((host) => () => host.stop())
    : e.ENGINE_EMBEDDED
      ? startEngine({ handleSignals: false }).then(() => () => stopEngine())
      : // Web only (ENGINE_EMBEDDED=false): with QUEUE_MODE=bullmq, runs created here get a wake-up job for the workers.
        startQueueProducer().then((stop) => (stop ? async () => (await stop(), null) : null));
  let server: Server | null = null;
  const http = createHttpDrain();
  // Installed at once: the engine runs while Next.js is still preparing (seconds), and a stop then must drain it too.
  handleShutdownSignals({
    graceMs: e.SHUTDOWN_GRACE_MS,
    drain: async () => {
      const deadline = Date.now() + e.SHUTDOWN_GRACE_MS;
      const httpDone = server ? http.drain(server, deadline) : Promise.resolve(true);
      const stop = await engine.catch(() => null);
      const summary = stop ? await stop() : null;
      return { ...(summary ?? {}), httpDrained: await httpDone };
    },
  });
  await engine;
  const app = next({ dev: false, dir: root, port, ...(hostname ? { hostname } : {}) });
  await app.prepare();
  const handler = app.getRequestHandler();
  // /api/health, /api/ready, /api/metrics and request timing before anything else (server/ops).
  // tRPC on the front too (TRPC_VIA_NEXT=1: through Next.js's route handler, for comparison).
  const trpc = process.env.TRPC_VIA_NEXT === "1" ? undefined : createTrpcNodeHandler({ db });
  const ingress = createIngressServer({ db, before: http.front(createOpsFront()), fallback: (req, res) => handler(req, res), trpc });
  // A stop that began while Next.js was preparing: do not start serving.
  if (isDraining()) return;
  server = ingress;
  ingress.listen(port, hostname, () => {
    process.stdout.write(`switchyard listening on http://${hostname ?? "localhost"}:${port} (pid ${process.pid}${engineThread ? ", engine on its own thread" : ""})\n`);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
