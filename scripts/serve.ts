/**
 * The production server (`npm start` runs it after building and migrating):
 * one process serving webhooks on the plain node:http front
 * (server/runtime/ingress.ts) and every other request through Next.js's
 * request handler, plus the embedded engine (when ENGINE_EMBEDDED). Flags:
 * -p/--port (default PORT), -H/--hostname (default: all interfaces).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { dbReady } from "../server/db";
import { env } from "../server/env";
import { createIngressServer } from "../server/runtime/ingress";
import { startEngine } from "../server/runtime/process";

function flag(names: string[]): string | undefined {
  const i = process.argv.findIndex((a) => names.includes(a));
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const e = env();
  const port = Number(flag(["-p", "--port"]) ?? e.PORT);
  const hostname = flag(["-H", "--hostname"]);
  const db = await dbReady();
  // Started before Next.js so that its instrumentation finds this engine (process.ts keeps it on globalThis).
  if (e.ENGINE_EMBEDDED) await startEngine({ exitOnSignal: true });
  const app = next({ dev: false, dir: root, port, ...(hostname ? { hostname } : {}) });
  await app.prepare();
  const handler = app.getRequestHandler();
  const server = createIngressServer({ db, fallback: (req, res) => handler(req, res) });
  server.listen(port, hostname, () => {
    process.stdout.write(`switchyard listening on http://${hostname ?? "localhost"}:${port} (pid ${process.pid})\n`);
  });
  if (!e.ENGINE_EMBEDDED) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(() => process.exit(0)));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
