import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db";
import type { Graph, GraphNode } from "@/lib/graph/schema";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, edge, http, node, setVars, trigger } from "../engine/helpers";

/**
 * The chaos workload: four published automations whose HTTP steps call the
 * counter server. Each run gets a unique tag (its name in the counter's records)
 * and a random slow-answer time, so kills land before, inside and after steps.
 *   plain: fast → slow → fast → set_variables
 *   delay: fast → delay 0.6 s → slow → set_variables
 *   retry: flaky (503 first, retry policy 4 attempts) → slow → set_variables
 *   loop:  loop over 3 items → slow per item; done → fast
 */
export type Variant = "plain" | "delay" | "retry" | "loop";
export const VARIANTS: Variant[] = ["plain", "delay", "retry", "loop"];

export interface StepRef {
  node: string;
  iter: string;
}

interface VariantSpec {
  graph: Graph;
  /** (node, iteration) pairs that must end with exactly one SUCCEEDED StepRun */
  steps: StepRef[];
  /** the subset that sends a request to the counter server */
  effects: StepRef[];
  /** steps whose first request is answered 503 by design (one planned re-send each) */
  flaky: string[];
}

const LOOP_ITEMS = 3;
const one = (n: string): StepRef => ({ node: n, iter: "" });

function call(counterUrl: string, id: string, route: "fast" | "slow" | "flaky", inLoop = false, retry = false): GraphNode {
  const iter = inLoop ? "{{loop.index}}" : "";
  const ms = route === "slow" ? `,"ms":"{{trigger.slowMs}}"` : "";
  return http(
    id,
    `${counterUrl}/${route}`,
    retry ? { retry: { maxAttempts: 4, backoffMs: 100, maxBackoffMs: 400 } } : undefined,
    { body: `{"tag":"{{trigger.tag}}","node":"${id}","iter":"${iter}"${ms}}` },
  );
}

export function variantSpecs(counterUrl: string): Record<Variant, VariantSpec> {
  const loopItems = Array.from({ length: LOOP_ITEMS }, (_, i) => ({ node: "item", iter: String(i) }));
  return {
    plain: {
      graph: chain([trigger(), call(counterUrl, "a", "fast"), call(counterUrl, "b", "slow"), call(counterUrl, "c", "fast"), setVars("end", { ok: "{{steps.b.status}}" })]),
      steps: ["trigger", "a", "b", "c", "end"].map(one),
      effects: ["a", "b", "c"].map(one),
      flaky: [],
    },
    delay: {
      graph: chain([
        trigger(),
        call(counterUrl, "a", "fast"),
        node("wait", "delay", { mode: "duration", amount: 0.6, unit: "seconds" }),
        call(counterUrl, "b", "slow"),
        setVars("end", { ok: "{{steps.b.status}}" }),
      ]),
      steps: ["trigger", "a", "wait", "b", "end"].map(one),
      effects: ["a", "b"].map(one),
      flaky: [],
    },
    retry: {
      graph: chain([trigger(), call(counterUrl, "a", "flaky", false, true), call(counterUrl, "b", "slow"), setVars("end", { ok: "{{steps.a.status}}" })]),
      steps: ["trigger", "a", "b", "end"].map(one),
      effects: ["a", "b"].map(one),
      flaky: ["a"],
    },
    loop: {
      graph: {
        nodes: [trigger(), node("each", "loop", { items: "{{trigger.items}}", maxItems: 10 }), call(counterUrl, "item", "slow", true), call(counterUrl, "z", "fast")],
        edges: [edge("trigger", "each"), edge("each", "item", "item"), edge("each", "z", "done")],
      },
      steps: [one("trigger"), one("each"), ...loopItems, one("z")],
      effects: [...loopItems, one("z")],
      flaky: [],
    },
  };
}

export interface WorkloadRun {
  runId: string;
  tag: string;
  variant: Variant;
}

export interface Workload {
  specs: Record<Variant, VariantSpec>;
  runs: WorkloadRun[];
  /** creates `count` more runs, the variants in turn */
  add(count: number, random: () => number): Promise<void>;
}

export async function createWorkload(db: Db, workspaceId: string, counterUrl: string): Promise<Workload> {
  const specs = variantSpecs(counterUrl);
  const automations = new Map<Variant, string>();
  for (const v of VARIANTS) automations.set(v, (await createAutomation(db, workspaceId, specs[v].graph, { name: `chaos ${v}` })).automationId);
  const runs: WorkloadRun[] = [];
  return {
    specs,
    runs,
    async add(count, random) {
      for (let i = 0; i < count; i++) {
        const variant = VARIANTS[runs.length % VARIANTS.length];
        const tag = `t${runs.length}-${randomBytes(3).toString("hex")}`;
        const slowMs = 150 + Math.floor(random() * 1050);
        const triggerData = { tag, slowMs, items: Array.from({ length: LOOP_ITEMS }, (_, j) => j) };
        const { runId } = await createRun({ workspaceId, automationId: automations.get(variant) as string, triggerType: "manual", triggerData }, db);
        runs.push({ runId, tag, variant });
      }
    },
  };
}
