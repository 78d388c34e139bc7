// `npm start`: builds once if needed, migrates (and seeds an empty database with
// the demo data), then serves in THIS process (scripts/serve.ts): webhooks on a
// plain node:http front, everything else through Next.js's request handler, and
// the embedded engine. Works with no env vars set: the database is then a
// SQLite file under ./data/ (see server/env.ts).
//
// One long-lived process: the build and the migration are short-lived children
// that exit before serving; the server bundle is then imported here, so SIGTERM
// and SIGINT reach the server's own graceful shutdown (server/runtime/shutdown.ts)
// directly. In production run `node scripts/start.mjs` (or the bundle,
// `node .next/switchyard-server/serve.mjs`, after `npm run db:migrate`): `npm start`
// adds npm's own process (60–110 MB of RSS) in front of it; its script `exec`s
// node, so at least no shell sits in between and npm relays the signals to it.
import { spawn } from "node:child_process";
import v8 from "node:v8";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Memory: each thread's Prisma client compiles its WebAssembly query compiler;
// V8's optimizing tier for it adds ~50 MB of code per thread (main + engine
// thread) for queries that are not on the hot paths (those use prepared SQL).
// Baseline (Liftoff) code only. WASM_TIER_UP=1 turns the optimizing tier back on.
if (process.env.WASM_TIER_UP !== "1") v8.setFlagsFromString("--liftoff-only");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const tsxBin = path.join(root, "node_modules/tsx/dist/cli.mjs");
// The launcher cannot load server/env.ts (TypeScript); PORT is validated the same way there.
const port = process.env.PORT || "3000";
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`PORT must be a number between 1 and 65535 (got "${port}")`);
  process.exit(1);
}

let current = null;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
for (const signal of SIGNALS) {
  process.on(signal, () => {
    if (current && current.exitCode === null) current.kill(signal);
    else process.exit(128 + (constants.signals[signal] ?? 1));
  });
}

/** Runs a command with inherited stdio; resolves with its exit code (128+n when killed by a signal). */
function run(args, label) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: process.env });
    current = child;
    child.on("error", (err) => {
      console.error(`${label} could not start: ${err.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      current = null;
      resolve(code ?? 128 + (constants.signals[signal] ?? 1));
    });
  });
}

async function main() {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.log("No production build found: running `next build` (first start only)…");
    const code = await run([nextBin, "build", "--webpack"], "next build");
    if (code !== 0) return code;
  }
  const migrated = await run([tsxBin, path.join(root, "scripts/db/migrate.ts"), "--seed"], "db:migrate");
  if (migrated !== 0) {
    console.error("Database migration failed; not starting the server.");
    return migrated;
  }
  const url = process.env.APP_URL || `http://localhost:${port}`;
  console.log(`\nSwitchyard is starting on ${url}\n`);
  // No launcher process left behind: the server's own handlers stop it gracefully (engine first).
  for (const signal of SIGNALS) process.removeAllListeners(signal);
  process.chdir(root);
  process.argv.push("-p", port);
  // The server's own code runs bundled (scripts/build-server.mjs): no TypeScript loader threads at run time.
  const { buildServer, serverBundleStale, SERVER_BUNDLE_DIR } = await import("./build-server.mjs");
  const entry = path.join(SERVER_BUNDLE_DIR, "serve.mjs");
  if (serverBundleStale()) await buildServer();
  await import(pathToFileURL(entry).href);
  return null;
}

main().then((code) => {
  if (code !== null) process.exit(code);
});
