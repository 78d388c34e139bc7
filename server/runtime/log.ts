import { env } from "@/server/env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/** Structured one-line JSON logs for the engine and dispatcher (stderr). */
export function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] < LEVELS[env().LOG_LEVEL]) return;
  process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields }) + "\n");
}
