import type { DecisionResult } from "@/server/approvals/decide";
import { AppError } from "@/server/services/errors";

/** AppErrors for a decision that could not be taken (shared by in-app, admin and REST paths). */
export function decisionError(r: Exclude<DecisionResult, { kind: "decided" }>): AppError {
  switch (r.kind) {
    case "not-found":
      return new AppError("NOT_FOUND", "Approval request not found");
    case "already-decided":
      return new AppError("CONFLICT", "Already decided: each approver decides once");
    case "closed":
      if (r.expired) return new AppError("CONFLICT", "This request expired; it can no longer be decided", { status: "EXPIRED" });
      if (r.status === "CANCELLED") return new AppError("CONFLICT", "This request was withdrawn (its run was cancelled)", { status: r.status });
      return new AppError("CONFLICT", `This request is already ${r.status.toLowerCase()}; it can no longer be decided`, { status: r.status });
  }
}
