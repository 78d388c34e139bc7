import type { Logger } from "@/server/log";
import type { TickOutcome } from "@/server/triggers/schedule/fire";

/** One log line per schedule fire or failure (the ticker's database pass and the queue's schedule jobs alike). */
export function logScheduleOutcome(log: Logger, o: TickOutcome): void {
  if (o.kind === "fired") log.info({ scheduleId: o.fire.scheduleId, kind: o.fire.kind, runs: o.fire.runsStarted, status: o.fire.status }, "schedule fired");
  if (o.kind === "error") log.error({ scheduleId: o.scheduleId, error: o.error }, "schedule fire failed");
}
