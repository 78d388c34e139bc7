/**
 * The production server (`npm start` runs it after building and migrating):
 * one process serving webhooks on the plain node:http front
 * (server/runtime/ingress.ts) and every other request through Next.js's
 * request handler, plus the embedded engine (when ENGINE_EMBEDDED) on a worker
 * thread of this process (ENGINE_THREAD, default) or on the main thread. Flags:
 * -p/--port (default PORT), -H/--hostname (default: all interfaces).
 */
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { dbReady } from "../server/db";
import { env } from "../server/env";
import { createIngressServer } from "../server/runtime/ingress";
import { startEngineThread, type EngineHost } from "../server/runtime/engine-host";
import { logger } from "../server/log";
import { startEngine } from "../server/runtime/process";
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
  const port = Number(flag(["-p", "--port"]) ?? e.PORT);
  const hostname = flag(["-H", "--hostname"]);
  const db = await dbReady();
  // Started before Next.js so that its instrumentation finds this engine (process.ts keeps it on globalThis).
  let host: EngineHost | null = null;
  let server: Server | null = null;
  if (e.ENGINE_EMBEDDED && e.ENGINE_THREAD) {
    const engine = await startEngineThread(bundled ? { entry: new URL("./engine-thread.mjs", import.meta.url) } : {});
    host = engine;
    // Installed at once: the engine runs while Next.js is still preparing (seconds), and a stop then must drain it too.
    let stopping = false;
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, () => {
        // A second signal (process group + a wrapper relaying it) must not cut the drain short.
        if (stopping) return;
        stopping = true;
        logger().info({ signal }, "server stopping");
        server?.close();
        server?.closeIdleConnections();
        void engine.stop().finally(() => process.exit(0));
      });
    }
  } else if (e.ENGINE_EMBEDDED) await startEngine({ exitOnSignal: true });
  else {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => (server ? server.close(() => process.exit(0)) : process.exit(0)));
  }
  const app = next({ dev: false, dir: root, port, ...(hostname ? { hostname } : {}) });
  await app.prepare();
  const handler = app.getRequestHandler();
  // /api/health, /api/ready, /api/metrics and request timing before anything else (server/ops).
  const ingress = createIngressServer({ db, before: createOpsFront(), fallback: (req, res) => handler(req, res) });
  server = ingress;
  ingress.listen(port, hostname, () => {
    process.stdout.write(`switchyard listening on http://${hostname ?? "localhost"}:${port} (pid ${process.pid}${host ? ", engine on its own thread" : ""})\n`);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
