import { randomBytes } from "node:crypto";

/**
 * Ids for StepRun rows written by the engine: cuid-shaped (25 characters,
 * starting with "c"), and increasing within a process (time, then a counter),
 * so steps that start in the same millisecond still list in execution order
 * (lists order by startedAt, then id).
 */
let counter = 0;
let lastMs = 0;
let pool = Buffer.alloc(0);
let offset = 0;

function random8(): bigint {
  if (offset + 8 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const v = pool.readBigUInt64BE(offset);
  offset += 8;
  return v;
}

export function stepRowId(now: number = Date.now()): string {
  if (now !== lastMs) {
    lastMs = now;
    counter = 0;
  }
  counter = (counter + 1) % 36 ** 4;
  const ts = now.toString(36).padStart(8, "0").slice(-8);
  const seq = counter.toString(36).padStart(4, "0");
  const rand = random8().toString(36).padStart(12, "0").slice(-12);
  return `c${ts}${seq}${rand}`;
}
