/**
 * A separate process that ticks schedules at given (fake) instants, in step
 * with its sibling processes (each tick i starts at TICK_START_AT + i × 150 ms
 * of wall-clock time), and prints how many fires it won. Used by
 * schedule-ticker.test.ts: two of these on one database → one fire per tick.
 */
import { createDb, prepareDb } from "../../server/db";
import { tickSchedules } from "../../server/triggers/schedule/fire";

async function main() {
  const url = process.env.TICK_DB_URL as string;
  const scheduleId = process.env.TICK_SCHEDULE_ID as string;
  const instants = JSON.parse(process.env.TICK_INSTANTS as string) as string[];
  const startAt = Number(process.env.TICK_START_AT);
  const db = createDb(url);
  await prepareDb(db, url);
  let fired = 0;
  for (let i = 0; i < instants.length; i++) {
    const wait = startAt + i * 150 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const outcomes = await tickSchedules(db, new Date(instants[i]));
    fired += outcomes.filter((o) => o.kind === "fired" && o.fire.scheduleId === scheduleId).length;
  }
  await db.$disconnect();
  process.stdout.write(JSON.stringify({ fired }) + "\n");
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? (err.stack ?? err.message) : err) + "\n");
  process.exit(1);
});
