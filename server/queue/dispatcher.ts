/**
 * The dispatcher port: a wake-up signal for runs. The database is the source of
 * truth, so a lost or duplicated wake-up is harmless (the ticker finds due runs,
 * the lease makes a duplicate claim fail). Adapters: embedded (in-process, this
 * directory) and, later, BullMQ — both call the same Engine.executeRun.
 */
export interface Dispatcher {
  /** Ask for the run to be executed now, or not before `at`. */
  enqueue(runId: string, opts?: { at?: Date }): void;
  start(): Promise<void>;
  /**
   * Stops taking work at once, lets steps in flight finish within `graceMs`, then hands the runs
   * still in a step back to the queue (lease released: claimable at once, a late result is fenced out).
   */
  stop(opts?: { graceMs?: number }): Promise<StopSummary>;
}

/** What a graceful stop did with the runs that were executing when it began. */
export interface StopSummary {
  /** executing when the stop began */
  inFlight: number;
  /** ended within the grace: their step finished and was committed (completed, paused, or handed back before the next step) */
  finished: number;
  /** still in a step after the grace: handed back (QUEUED, lease released) for another worker or the restarted process */
  handedBack: number;
  /** still in a step after the grace and not released (lease already lost, or the database failed): taken over when the lease expires */
  abandoned: number;
}

/** A source of wake-ups from other processes (e.g. PostgreSQL LISTEN/NOTIFY); run ids are only hints. */
export interface WakeupSource {
  start(onWake: (runId: string) => void): Promise<void>;
  stop(): Promise<void>;
}
