// Bundles the production server's own code (scripts/serve.ts: webhook ingress
// + Next.js request handler, and the engine thread) into plain ESM files under
// .next/switchyard-server/, so `npm start` runs without a TypeScript loader:
// tsx's loader costs a hooks thread (~30 MB) per JavaScript thread, and the
// engine runs on its own thread. Dependencies stay in node_modules (external),
// except nodemailer, whose deep imports (directory paths) only a bundler resolves.
// Run by `npm run build` after `next build`, and by `npm start` when missing.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const bundled = new Set(["nodemailer"]);
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((d) => !bundled.has(d))
  .flatMap((d) => [d, `${d}/*`]);

export const SERVER_BUNDLE_DIR = path.join(root, ".next/switchyard-server");

const META = path.join(SERVER_BUNDLE_DIR, "inputs.json");

/** True when the bundle is missing or one of its source files changed after it was built. */
export function serverBundleStale() {
  if (!existsSync(path.join(SERVER_BUNDLE_DIR, "serve.mjs")) || !existsSync(META)) return true;
  const { builtAt, inputs } = JSON.parse(readFileSync(META, "utf8"));
  return inputs.some((f) => {
    try {
      return statSync(path.join(root, f)).mtimeMs > builtAt;
    } catch {
      return true;
    }
  });
}

export async function buildServer() {
  // Loaded only to build: `npm start` imports this module to check the bundle, and esbuild's JS API costs ~15 MB of RSS.
  const { build, stop } = await import("esbuild");
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { serve: "scripts/serve.ts", "engine-thread": "server/runtime/engine-thread.ts" },
    outdir: SERVER_BUNDLE_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    external,
    define: { SWITCHYARD_SERVER_BUNDLE: "true" },
    // `import "server-only"` (tRPC's context and init, served by the front) guards client bundles; Next.js
    // resolves it per layer, plain Node needs its no-op half (as vitest.config.ts does).
    alias: { "server-only": "./node_modules/next/dist/compiled/server-only/empty.js" },
    // CommonJS code bundled into ESM (nodemailer) needs require.
    banner: { js: 'import { createRequire as __switchyardRequire } from "node:module"; const require = __switchyardRequire(import.meta.url);' },
    sourcemap: "linked",
    logLevel: "warning",
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules/"));
  writeFileSync(META, JSON.stringify({ builtAt, inputs }));
  // esbuild keeps its service process running: the server must not carry it.
  await stop();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildServer().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
