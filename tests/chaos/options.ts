import { z } from "zod";

/**
 * Chaos test knobs, read once from the environment (tests may read process.env;
 * the app reads it only through server/env.ts). Defaults are the CI size.
 */
const int = (def: number, min: number) => z.coerce.number().int().min(min).default(def);

const schema = z.object({
  /** Runs created up front; more are added while kills remain so every kill hits a busy server. */
  CHAOS_RUNS: int(60, 1),
  /** kill -9 of the server this many times. */
  CHAOS_KILLS: int(8, 1),
  /** Lease of the server under test: short, so takeovers happen quickly. */
  CHAOS_LEASE_MS: int(1500, 1000),
  /** Once the kills are over: how long the last server may take to finish every run. */
  CHAOS_SETTLE_MS: int(120_000, 1000),
  /** Seed of the kill schedule and workload (printed, so a failing schedule can be replayed). */
  CHAOS_SEED: z.coerce.number().int().optional(),
});

export type ChaosOptions = Omit<z.infer<typeof schema>, "CHAOS_SEED"> & { CHAOS_SEED: number };

export function chaosOptions(): ChaosOptions {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = process.env[key];
    if (v !== undefined && v !== "") raw[key] = v;
  }
  const o = schema.parse(raw);
  return { ...o, CHAOS_SEED: o.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31) };
}

/** Small deterministic PRNG (mulberry32): same seed, same schedule. */
export function rng(seed: number): { next(): number; between(min: number, max: number): number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (min, max) => Math.floor(min + next() * (max - min + 1)) };
}
