import type { Logger } from "pino";
import type { NodeTypeDefinition } from "@/lib/nodes/types";
import type { NodeExecutor, NodeServices } from "./contract";
import type { RunStore } from "./store";

/** The two halves of every node type, looked up by type. The engine never switches on a type. */
export interface NodeRegistry {
  definition(type: string): NodeTypeDefinition | undefined;
  executor(type: string): NodeExecutor | undefined;
}

export interface EngineClock {
  now(): Date;
}

export interface EngineDeps {
  store: RunStore;
  registry: NodeRegistry;
  services: NodeServices;
  clock?: EngineClock;
  /** Identifies this process in Run.leaseOwner. */
  owner: string;
  leaseMs: number;
  /** Step outputs larger than this (bytes of JSON) are truncated and flagged. */
  outputLimitBytes: number;
  /** A step running longer than this gets a RUNNING StepRun row (visible in the UI, marked interrupted after a crash). Default 100 ms. */
  runningRecordAfterMs?: number;
  /**
   * Consecutive takeovers (claims after an expired lease) with no commit in
   * between after which the run fails with CRASH_LOOP instead of executing its
   * step again. Default 10.
   */
  maxClaims?: number;
  /** First safety-timer delay of a parent waiting for a child run (doubles up to 10 min). Default 30 s. */
  childCheckMs?: number;
  /** Heartbeat period while a step runs. Default min(leaseMs / 3, 2000). */
  heartbeatMs?: number;
  /** Called when another run becomes ready (a parent woken by its child) or this run must be woken later. */
  wake?: (runId: string, at?: Date) => void;
  /** Optional per-step timing hook (bench): engine time excluding node execute time. */
  onStepTiming?: (t: { totalMs: number; executeMs: number }) => void;
  /** Structured logger (server/log); the engine binds `runId` for each run it executes. Steps log at debug level only. */
  logger: Logger;
}
