import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { trackAdapters } from "./migrate-adapters";
import type * as EngineModule from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Loads Prisma's WebAssembly schema engine (the native engine that `prisma migrate`
 * needs cannot be downloaded offline). See ../shared/notes/environment.md,
 * "Prisma 7 offline". The module is instantiated once per process.
 */
export type SchemaEngine = EngineModule.SchemaEngine;
export type { MigrationList, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";

const ENGINE_PACKAGE = "@prisma/schema-engine-wasm/schema_engine_bg";

let loading: Promise<typeof EngineModule> | undefined;

function resolveRuntimeFile(): string {
  // Resolve from this file first; fall back to the project root (e.g. when bundled).
  for (const base of [import.meta.url, path.join(process.cwd(), "package.json")]) {
    try {
      return createRequire(base).resolve(ENGINE_PACKAGE);
    } catch {
      // try the next base
    }
  }
  throw new Error(`Cannot find ${ENGINE_PACKAGE}: is @prisma/schema-engine-wasm installed?`);
}

async function instantiate(): Promise<typeof EngineModule> {
  const runtimeFile = resolveRuntimeFile();
  const runtime = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(runtimeFile).href)) as typeof EngineModule;
  const bytes = readFileSync(path.join(path.dirname(runtimeFile), "schema_engine_bg.wasm"));
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, {
    "./schema_engine_bg.js": runtime as unknown as WebAssembly.ModuleImports,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return runtime;
}

function loadEngineModule(): Promise<typeof EngineModule> {
  loading ??= instantiate().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

export const MIGRATION_FILTERS: EngineModule.SchemaFilter = { externalTables: [], externalEnums: [] };

export interface EngineOptions {
  /** Path and text of the Prisma schema the engine works with. */
  schemaPath: string;
  schemaText: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's log lines (JSON strings). */
  log?: (line: string) => void;
}

/**
 * Runs `fn` with a fresh engine bound to the adapter factory and frees it after.
 * Adapter failures surface from the engine as "External error id#N"; they are
 * replaced by the real error taken from the bound factory's error registry.
 */
export async function withSchemaEngine<T>(opts: EngineOptions, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const runtime = await loadEngineModule();
  const tracked = trackAdapters(opts.adapterFactory);
  const bound = bindMigrationAwareSqlAdapterFactory(tracked.factory);
  const log = opts.log ?? (() => undefined);
  let engine: SchemaEngine | undefined;
  try {
    engine = await runtime.SchemaEngine.new({ datamodels: [[opts.schemaPath, opts.schemaText]] }, log, bound);
    return await fn(engine);
  } catch (err) {
    throw explainEngineError(err, bound.errorRegistry);
  } finally {
    engine?.free();
    await tracked.disposeAll();
  }
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "string") return err;
  if (err && typeof err === "object" && "message" in err && typeof err.message === "string") return err.message;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

function explainEngineError(err: unknown, registry: { consumeError(id: number): { error: unknown } | undefined }): Error {
  const message = messageOf(err);
  const ids = [...message.matchAll(/External error id#(\d+)/g)].map((m) => Number(m[1]));
  const causes = ids.map((id) => registry.consumeError(id)?.error).filter((e) => e !== undefined);
  if (causes.length === 0) return err instanceof Error ? err : new Error(message);
  const detail = causes.map((c) => describeCause(c)).join("; ");
  return new Error(`${message}\nCaused by: ${detail}`, { cause: causes[0] });
}

function describeCause(cause: unknown): string {
  if (cause && typeof cause === "object" && "cause" in cause && cause.cause && typeof cause.cause === "object") {
    // DriverAdapterError wraps the mapped driver error in `cause`.
    const inner = cause.cause as Record<string, unknown>;
    const parts = [inner.kind, inner.originalMessage ?? inner.message].filter((p) => typeof p === "string");
    if (parts.length > 0) return parts.join(": ");
  }
  return messageOf(cause);
}
