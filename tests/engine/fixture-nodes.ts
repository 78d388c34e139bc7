import { z } from "zod";
import type { NodeTypeDefinition } from "@/lib/nodes/types";
import { fatal, hashWaitToken, retryable, type NodeExecutor } from "@/server/engine/contract";
import type { NodeRegistry } from "@/server/engine/ports";
import { nodeRegistry } from "@/server/runtime/runtime";

/**
 * Test fixture node types added next to the real catalog: an external wait
 * (the approval-style pause, which no core node offers yet), a node that fails
 * a given number of times, and one that produces a large output.
 */
function def(type: string, handles = [{ id: "next", label: "Next" }], defaultTimeoutMs = 5_000): NodeTypeDefinition {
  return {
    type,
    version: 1,
    kind: "action",
    category: "Actions",
    label: type,
    description: "test fixture",
    icon: "Bug",
    configSchema: z.record(z.string(), z.unknown()),
    defaultConfig: {},
    handles,
    sampleOutput: {},
    summarize: () => type,
    defaultTimeoutMs,
  };
}

const cfg = (c: unknown) => (c ?? {}) as Record<string, unknown>;

export const waitExternal: NodeExecutor = {
  type: "test_wait_external",
  version: 1,
  async preview() {
    return {};
  },
  async execute(ctx) {
    if (ctx.resume?.kind === "external") return { output: { resumedWith: ctx.resume.payload } };
    const c = cfg(ctx.config);
    const expiresAt = typeof c.expiresInMs === "number" ? new Date(Date.now() + c.expiresInMs) : undefined;
    return { wait: { kind: "external", tokenHash: hashWaitToken(String(c.token)), ...(expiresAt ? { expiresAt } : {}), output: { waiting: true } } };
  },
};

/** Fails `failTimes` times (counted in a process-wide map per idempotency key), retryably or fatally. */
const failures = new Map<string, number>();
export const flaky: NodeExecutor = {
  type: "test_flaky",
  version: 1,
  async preview() {
    return {};
  },
  async execute(ctx) {
    const c = cfg(ctx.config);
    const n = failures.get(ctx.idempotencyKey) ?? 0;
    if (n < Number(c.failTimes ?? 0)) {
      failures.set(ctx.idempotencyKey, n + 1);
      throw c.fatal ? fatal(`planned fatal failure ${n + 1}`, "PLANNED") : retryable(`planned failure ${n + 1}`, "PLANNED");
    }
    return { output: { attempt: ctx.attempt } };
  },
};

export const bigOutput: NodeExecutor = {
  type: "test_big_output",
  version: 1,
  async preview() {
    return {};
  },
  async execute(ctx) {
    const size = Number(cfg(ctx.config).bytes ?? 1000);
    return { output: { blob: "x".repeat(size) } };
  },
};

export const sleeper: NodeExecutor = {
  type: "test_sleep",
  version: 1,
  async preview() {
    return {};
  },
  async execute(ctx) {
    const ms = Number(cfg(ctx.config).ms ?? 1000);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      ctx.signal.addEventListener("abort", () => {
        clearTimeout(t);
        reject(new Error("aborted"));
      });
    });
    return { output: { slept: ms } };
  },
};

const FIXTURES = new Map<string, { def: NodeTypeDefinition; exec: NodeExecutor }>([
  ["test_wait_external", { def: def("test_wait_external"), exec: waitExternal }],
  ["test_flaky", { def: def("test_flaky"), exec: flaky }],
  ["test_big_output", { def: def("test_big_output"), exec: bigOutput }],
  ["test_sleep", { def: def("test_sleep", undefined, 200), exec: sleeper }],
]);

export const testRegistry: NodeRegistry = {
  definition: (type) => FIXTURES.get(type)?.def ?? nodeRegistry.definition(type),
  executor: (type) => FIXTURES.get(type)?.exec ?? nodeRegistry.executor(type),
};
