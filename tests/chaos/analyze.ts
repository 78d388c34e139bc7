import type { Db } from "@/server/db";
import { stepName, type Effect } from "./counter-server";
import type { Workload } from "./workload";

/**
 * What the chaos left behind, from the database and the counter server's
 * records: lost or failed runs, steps without exactly one SUCCEEDED row, and
 * side effects that were repeated with a different idempotency key.
 */
export interface KillRecord {
  /** planned as a kill within a second of the restart */
  recovery: boolean;
  /** the killed process had already taken over a run interrupted by the previous kill */
  tookOver: boolean;
  /** ms from the process's first claim to the kill */
  upMs: number;
  httpInFlight: number;
  runningRuns: number;
  /** ms from the first claim to the first request this process sent (null: none before the kill) */
  firstRequestMs: number | null;
}

export interface ChaosReport {
  runs: number;
  kills: number;
  killsDuringRecovery: number;
  killsWithHttpInFlight: number;
  completed: number;
  /** runs not in a final state after the settle time */
  lost: string[];
  /** FAILED / CANCELLED / SKIPPED runs with their error codes */
  failed: string[];
  /** (run, node, iteration) without exactly one SUCCEEDED StepRun, or SUCCEEDED where none was expected */
  stepViolations: string[];
  /** StepRun rows still RUNNING at the end */
  runningStepRows: number;
  /** Σ over steps of (distinct idempotency keys − 1): a re-executed effect the receiver cannot de-duplicate */
  duplicateEffects: number;
  duplicateEffectSteps: string[];
  /** requests whose key is not `<runId>:<nodeId>:<iteration>` of their step */
  wrongKeys: string[];
  /** effect steps of COMPLETED runs that never reached the counter server */
  missingEffects: string[];
  /** requests that reached the counter after their step had SUCCEEDED (a completed step executed again) */
  sendsAfterSuccess: string[];
  /** requests beyond one per step with the same key: after kills, and planned by the 503 retry */
  sameKeyResends: number;
  plannedResends: number;
  maxSendsOfOneStep: number;
  maxClaimCount: number;
  /** most INTERRUPTED attempt rows of one step (takeovers that found the step in flight) */
  maxInterruptionsOfOneStep: number;
  errorCodes: Record<string, number>;
}

export async function analyze(db: Db, workload: Workload, effects: Effect[], kills: KillRecord[]): Promise<ChaosReport> {
  const ids = workload.runs.map((r) => r.runId);
  const rows = await db.run.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, errorCode: true, claimCount: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const steps = await db.stepRun.findMany({ where: { runId: { in: ids } }, select: { runId: true, nodeId: true, iteration: true, status: true, errorCode: true, finishedAt: true } });
  const succeeded = new Map<string, number>();
  const succeededAt = new Map<string, number>();
  const errorCodes: Record<string, number> = {};
  const interruptions = new Map<string, number>();
  for (const s of steps) {
    const k = `${s.runId}/${s.nodeId}/${s.iteration}`;
    if (s.status === "SUCCEEDED") {
      succeeded.set(k, (succeeded.get(k) ?? 0) + 1);
      succeededAt.set(k, Math.min(succeededAt.get(k) ?? Infinity, s.finishedAt?.getTime() ?? Infinity));
    }
    if (s.errorCode === "INTERRUPTED") interruptions.set(k, (interruptions.get(k) ?? 0) + 1);
    if (s.errorCode) errorCodes[`step:${s.errorCode}`] = (errorCodes[`step:${s.errorCode}`] ?? 0) + 1;
  }
  const byStep = new Map<string, Effect[]>();
  for (const e of effects) byStep.set(e.step, [...(byStep.get(e.step) ?? []), e]);

  const r: ChaosReport = {
    runs: ids.length,
    kills: kills.length,
    killsDuringRecovery: kills.filter((k) => k.recovery && k.tookOver).length,
    killsWithHttpInFlight: kills.filter((k) => k.httpInFlight > 0).length,
    completed: 0,
    lost: [],
    failed: [],
    stepViolations: [],
    runningStepRows: steps.filter((s) => s.status === "RUNNING").length,
    duplicateEffects: 0,
    duplicateEffectSteps: [],
    wrongKeys: [],
    missingEffects: [],
    sendsAfterSuccess: [],
    sameKeyResends: 0,
    plannedResends: 0,
    maxSendsOfOneStep: 0,
    maxClaimCount: Math.max(0, ...rows.map((x) => x.claimCount)),
    maxInterruptionsOfOneStep: Math.max(0, ...interruptions.values()),
    errorCodes,
  };
  const expectedSteps = new Set<string>();
  for (const run of workload.runs) {
    const row = byId.get(run.runId);
    const spec = workload.specs[run.variant];
    if (row?.errorCode) errorCodes[`run:${row.errorCode}`] = (errorCodes[`run:${row.errorCode}`] ?? 0) + 1;
    if (!row || !["COMPLETED", "FAILED", "CANCELLED", "SKIPPED"].includes(row.status)) {
      r.lost.push(`${run.runId} (${run.variant}) ${row?.status ?? "missing"} claimCount=${row?.claimCount ?? 0}`);
      continue;
    }
    if (row.status !== "COMPLETED") {
      r.failed.push(`${run.runId} (${run.variant}) ${row.status} ${row.errorCode ?? ""}`);
      continue;
    }
    r.completed += 1;
    for (const s of spec.steps) {
      const k = `${run.runId}/${s.node}/${s.iter}`;
      expectedSteps.add(k);
      const n = succeeded.get(k) ?? 0;
      if (n !== 1) r.stepViolations.push(`${k}: ${n} SUCCEEDED rows`);
    }
    for (const s of spec.effects) {
      const sends = byStep.get(stepName(run.tag, s.node, s.iter)) ?? [];
      if (sends.length === 0) r.missingEffects.push(`${run.runId}/${s.node}/${s.iter}`);
    }
  }
  const finishedIds = new Set(workload.runs.filter((w) => byId.get(w.runId)?.status === "COMPLETED").map((w) => w.runId));
  for (const [k, n] of succeeded) {
    if (finishedIds.has(k.split("/")[0]) && !expectedSteps.has(k)) r.stepViolations.push(`${k}: ${n} SUCCEEDED rows, none expected`);
  }

  const tagToRun = new Map(workload.runs.map((w) => [w.tag, w]));
  for (const [step, sends] of byStep) {
    const [tag, nodeId, iter] = step.split("/");
    const run = tagToRun.get(tag);
    const keys = new Set(sends.map((s) => s.key));
    const expectedKey = `${run?.runId ?? "?"}:${nodeId}:${iter}`;
    for (const k of keys) if (k !== expectedKey) r.wrongKeys.push(`${step}: got "${k}", expected "${expectedKey}"`);
    if (keys.size > 1) {
      r.duplicateEffects += keys.size - 1;
      r.duplicateEffectSteps.push(`${step}: ${sends.length} requests with ${keys.size} keys`);
    }
    const planned = run && workload.specs[run.variant].flaky.includes(nodeId) ? 1 : 0;
    const extra = sends.length - keys.size;
    r.plannedResends += Math.min(planned, extra);
    r.sameKeyResends += Math.max(0, extra - planned);
    r.maxSendsOfOneStep = Math.max(r.maxSendsOfOneStep, sends.length);
    const doneAt = run ? succeededAt.get(`${run.runId}/${nodeId}/${iter}`) : undefined;
    const late = doneAt === undefined ? [] : sends.filter((s) => s.at > doneAt);
    if (late.length > 0) r.sendsAfterSuccess.push(`${step}: ${late.length} of ${sends.length} requests after the step SUCCEEDED`);
  }
  return r;
}

export function summaryLine(r: ChaosReport, seed: number): string {
  return (
    `chaos: runs ${r.runs} (${r.completed} completed), kills ${r.kills} (${r.killsDuringRecovery} during recovery, ${r.killsWithHttpInFlight} with HTTP in flight), ` +
    `lost ${r.lost.length}, failed ${r.failed.length}, step violations ${r.stepViolations.length}, duplicate effects ${r.duplicateEffects}, ` +
    `re-executed completed steps ${r.sendsAfterSuccess.length}, ` +
    `same-key re-sends ${r.sameKeyResends} (+${r.plannedResends} by the retry policy), max sends of one step ${r.maxSendsOfOneStep}, ` +
    `max claimCount ${r.maxClaimCount}, max interruptions of one step ${r.maxInterruptionsOfOneStep}, seed ${seed}`
  );
}
