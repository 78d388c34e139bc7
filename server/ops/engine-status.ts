/**
 * What the readiness probe asks of the engine: is the dispatcher claiming due
 * runs, is the schedule ticker polling. Cheap (two booleans and a count), read
 * where the engine runs: this thread (`next dev`, `npm run worker`, tests) or
 * the engine thread of `npm start`, which reports it with its periodic stats
 * message (server/runtime/engine-host.ts keeps the last report).
 */
export interface EnginePartStatus {
  running: boolean;
  detail: string;
}

export interface EngineStatus {
  dispatcher: EnginePartStatus;
  ticker: EnginePartStatus;
}

/** The parts of the runtime the status is read from (EmbeddedDispatcher, ScheduleTicker; a BullMQ dispatcher fits the same shape). */
export interface DispatcherLike {
  readonly isRunning: boolean;
  readonly activeCount: number;
}
export interface TickerLike {
  readonly isRunning: boolean;
}

export function engineStatusOf(dispatcher: DispatcherLike | undefined, ticker: TickerLike | undefined): EngineStatus {
  return {
    dispatcher: dispatcher
      ? { running: dispatcher.isRunning, detail: dispatcher.isRunning ? `claiming runs, ${dispatcher.activeCount} executing` : "stopped" }
      : { running: false, detail: "not started" },
    ticker: ticker ? { running: ticker.isRunning, detail: ticker.isRunning ? "polling schedules" : "stopped" } : { running: false, detail: "not started" },
  };
}

/** Both parts down with the same reason (engine thread restarting, silent, …). */
export function engineDown(detail: string): EngineStatus {
  return { dispatcher: { running: false, detail }, ticker: { running: false, detail } };
}
