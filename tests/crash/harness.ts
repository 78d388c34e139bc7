import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "@/server/env";

/**
 * Starts the real server process on a given database and kills it with SIGKILL.
 * Default: the standalone engine worker (`tsx scripts/worker.ts`), which runs the
 * same embedded dispatcher as `next start`. CRASH_SERVER_CMD (a shell command,
 * e.g. "npx next start -p 3999") runs the tests against another server; it gets
 * the same environment (DATABASE_URL, engine timings, allow-list).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** kill -9 of the whole process group (the server and anything it spawned) */
  kill9(): Promise<void>;
  /** graceful stop (SIGTERM) */
  stop(): Promise<void>;
}

export function serverEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "switchyard-crash-data-")),
    APP_SECRET: "crash-test-secret-crash-test-secret-0123456789",
    ENGINE_EMBEDDED: "true",
    ENGINE_TICK_MS: "50",
    ENGINE_LEASE_MS: "2000",
    ENGINE_CONCURRENCY: "8",
    HTTP_ALLOWLIST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    ...extra,
  };
}

/** The standalone worker (`scripts/worker.ts`) whatever CRASH_SERVER_CMD says: for tests of several worker processes. */
export function startWorker(databaseUrl: string, extra: Record<string, string> = {}): ServerProcess {
  return startServer(databaseUrl, extra, { worker: true });
}

export function startServer(databaseUrl: string, extra: Record<string, string> = {}, opts: { worker?: boolean } = {}): ServerProcess {
  // CRASH_SERVER_CMD (the production server on one fixed port) starts one process at a time.
  const custom = opts.worker ? undefined : env().CRASH_SERVER_CMD;
  const childEnv = serverEnv(databaseUrl, extra);
  const child = custom
    ? spawn("sh", ["-c", custom], { cwd: ROOT, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    : // One process: tsx as an --import loader, not tsx's CLI (which runs the script in a child
      // process and relays signals to it, so a group SIGTERM arrived twice and raced its exit code).
      spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        cwd: ROOT,
        env: childEnv,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      child.kill(sig);
    }
    await exited;
  };
  return { child, output: () => out, kill9: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, server?: ServerProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${server ? `\n--- server output ---\n${server.output().slice(-4000)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
