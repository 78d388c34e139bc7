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
  /** Stops taking work, lets running steps finish and hands their runs back to the queue. */
  stop(): Promise<void>;
}

/** A source of wake-ups from other processes (e.g. PostgreSQL LISTEN/NOTIFY); run ids are only hints. */
export interface WakeupSource {
  start(onWake: (runId: string) => void): Promise<void>;
  stop(): Promise<void>;
}
