import { resetEnvForTests } from "@/server/env";

/**
 * Setup file of the "shared" test project (vitest.config.ts), which runs many files in one process
 * without isolation: before each file, process.env is put back to what it was when the worker
 * started and the parsed env is dropped, so one file's env settings (ENGINE_LEASE_MS, HTTP_ALLOWLIST…)
 * never reach the next.
 */
const KEY = Symbol.for("switchyard.tests.initialEnv");
const store = globalThis as unknown as Record<symbol, Record<string, string | undefined> | undefined>;
const initial = (store[KEY] ??= { ...process.env });
for (const name of Object.keys(process.env)) if (!(name in initial)) delete process.env[name];
Object.assign(process.env, initial);
resetEnvForTests();
