import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";
import { env, type Env } from "@/server/env";
import { REDACT_CENSOR, REDACT_PATHS } from "./redact";

export type { Logger } from "pino";
export { requestIdFrom, saneRequestId } from "./request-id";

/**
 * The one logger of the server (pino): one line per event on stderr, JSON by
 * default (LOG_FORMAT=json: level, time, msg, pid, hostname and the bound
 * fields), human-readable with LOG_FORMAT=pretty (development). Level from
 * LOG_LEVEL; a disabled level costs a no-op call (pino swaps the method).
 *
 * Bind context with child loggers: the engine binds `runId` for each run it
 * executes, the HTTP front `reqId` for each request (server/runtime/ingress.ts).
 * Secret-bearing keys (./redact.ts) are replaced by "[redacted]" at any depth.
 *
 * The destination is synchronous (a line is written before the call returns),
 * like process.stderr on pipes and files: nothing is lost on process.exit or a
 * crash, and it works unchanged on the engine's worker thread (no transport thread).
 */
export type LogLevel = Env["LOG_LEVEL"];
export type LogFormat = Env["LOG_FORMAT"];

export interface CreateLoggerOptions {
  /** default env().LOG_LEVEL */
  level?: LogLevel;
  /** default env().LOG_FORMAT */
  format?: LogFormat;
  /** where lines go (tests capture them here); default stderr */
  destination?: DestinationStream;
  /** pretty format: ANSI colors (default: when writing to a terminal) */
  colorize?: boolean;
}

type Prettify = (line: string) => string;

/** pino-pretty is loaded only when LOG_FORMAT=pretty (its load costs tens of ms). */
function prettyFactory(colorize: boolean): Prettify {
  const load = createRequire(import.meta.url) as (id: string) => unknown;
  const mod = load("pino-pretty") as { prettyFactory(options: Record<string, unknown>): Prettify };
  return mod.prettyFactory({ colorize, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
}

export function createLogger(o: CreateLoggerOptions = {}): Logger {
  const level = o.level ?? env().LOG_LEVEL;
  const format = o.format ?? env().LOG_FORMAT;
  const out: DestinationStream = o.destination ?? pino.destination({ dest: 2, sync: true });
  let destination = out;
  if (format === "pretty") {
    const prettify = prettyFactory(o.colorize ?? (!o.destination && process.stderr.isTTY === true));
    destination = { write: (line) => out.write(prettify(line)) };
  }
  return pino(
    {
      level,
      // Labels and ISO times, as the lines looked before pino: {"level":"info","time":"2026-…Z",…}.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACT_CENSOR },
    },
    destination,
  );
}

let root: { logger: Logger; env: Env } | undefined;

/**
 * The process-wide (per thread) root logger, built from the environment on
 * first use and again after the environment was re-read (tests).
 */
export function logger(): Logger {
  const e = env();
  if (root?.env !== e) root = { logger: createLogger({ level: e.LOG_LEVEL, format: e.LOG_FORMAT }), env: e };
  return root.logger;
}

/** Error text for a field when the stack is not wanted (expected failures: a lost connection, a retried claim). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
