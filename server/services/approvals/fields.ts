import { z } from "zod";

/** Inputs shared by the approvals services, tRPC and REST. */
export const decisionField = z
  .enum(["approve", "reject", "approved", "rejected"], { error: () => 'decision must be "approve" or "reject"' })
  .transform((d) => (d.startsWith("approve") ? "approved" : "rejected") as "approved" | "rejected");

export const commentField = z.string({ error: "comment: must be text" }).max(2_000, "comment: at most 2,000 characters").default("");

export const valuesField = z.record(z.string(), z.unknown(), { error: "values: must be an object of field name → value" });

export const requestIdField = z.string({ error: "id is required" }).trim().min(1, "id is required").max(64, "id: at most 64 characters");
