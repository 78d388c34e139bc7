import { describe, expect, it } from "vitest";
import { runOperations, type RunOperationsSubject } from "./operations";

const base: RunOperationsSubject = {
  status: "FAILED",
  isTest: false,
  errorCode: "HTTP_500",
  cancelRequested: false,
  waitKind: null,
  versionNumber: 3,
  automation: { archived: false, publishedVersion: 4 },
};
const ops = (over: Partial<RunOperationsSubject>, role: "OWNER" | "ADMIN" | "SPECIALIST" = "ADMIN") => runOperations({ ...base, ...over }, role);

describe("runOperations", () => {
  it("a failed run: admins and owners may retry and re-run on either version, not cancel or resume", () => {
    for (const role of ["ADMIN", "OWNER"] as const) {
      const o = ops({}, role);
      expect(o.retry).toEqual({ allowed: true });
      expect(o.rerun).toEqual({ allowed: true, published: { allowed: true }, ran: { allowed: true } });
      expect(o.cancel.reason).toBe("Only queued, running or paused runs can be cancelled (this run is failed)");
      expect(o.resume.allowed).toBe(false);
    }
  });

  it("specialists: everything disabled with the role as the reason", () => {
    const o = ops({}, "SPECIALIST");
    expect(o.retry).toEqual({ allowed: false, reason: "Only admins can retry runs" });
    expect(o.cancel).toEqual({ allowed: false, reason: "Only admins can cancel runs" });
    expect(o.resume).toEqual({ allowed: false, reason: "Only admins can resume runs" });
    expect(o.rerun).toMatchObject({ allowed: false, reason: "Only admins can re-run runs" });
  });

  it("says why retry is unavailable", () => {
    expect(ops({ status: "COMPLETED", errorCode: null }).retry.reason).toBe("Only failed runs can be retried (this run is completed)");
    expect(ops({ status: "CANCELLED" }).retry.reason).toMatch(/Cancelled runs cannot be retried/);
    expect(ops({ errorCode: "STOPPED" }).retry.reason).toMatch(/Stop step/);
    expect(ops({ errorCode: "GRAPH_INVALID" }).retry.reason).toMatch(/graph is invalid/);
    expect(ops({ errorCode: "CRASH_LOOP" }).retry.allowed).toBe(true);
    expect(ops({ errorCode: "INTERNAL_ERROR" }).retry.allowed).toBe(true);
    expect(ops({ automation: { archived: true, publishedVersion: 4 } }).retry.reason).toMatch(/archived/);
  });

  it("says why re-run is unavailable, per version", () => {
    const unpublished = ops({ automation: { archived: false, publishedVersion: null } }).rerun;
    expect(unpublished.allowed).toBe(true);
    expect(unpublished.published.reason).toMatch(/no published version/);
    expect(unpublished.ran.allowed).toBe(true);
    const going = ops({ status: "RUNNING" }).rerun;
    expect(going).toMatchObject({ allowed: false, reason: "Only finished runs can be re-run (this run is running)" });
    expect(ops({ automation: { archived: true, publishedVersion: 1 } }).rerun.reason).toMatch(/archived/);
    // Test runs re-run on the draft: no published version needed.
    expect(ops({ isTest: true, versionNumber: null, automation: { archived: false, publishedVersion: null } }).rerun.published.allowed).toBe(true);
  });

  it("cancel and resume follow the run's state", () => {
    expect(ops({ status: "RUNNING", errorCode: null }).cancel).toEqual({ allowed: true });
    expect(ops({ status: "RUNNING", cancelRequested: true }).cancel.reason).toMatch(/already requested/);
    expect(ops({ status: "PAUSED", waitKind: "external" }).resume).toEqual({ allowed: true });
    expect(ops({ status: "PAUSED", waitKind: "delay" }).resume.allowed).toBe(false);
  });
});
