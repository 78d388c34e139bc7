import { isFinishedRunStatus, type RunStatus } from "@/lib/statuses";

export function isRunActive(status: string): boolean {
  return !isFinishedRunStatus(status);
}

/** Statuses whose runs can still be cancelled. */
export function isRunCancellable(status: string): boolean {
  return isRunActive(status);
}

/** Poll fast while something moves, slowly while it only waits (delay, approval). */
export function pollInterval(statuses: readonly (RunStatus | string)[]): number | false {
  if (statuses.some((s) => s === "QUEUED" || s === "RUNNING" || s === "WAITING_FOR_CHILD")) return 2000;
  if (statuses.some((s) => s === "PAUSED")) return 10_000;
  return false;
}
