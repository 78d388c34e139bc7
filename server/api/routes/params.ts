import { z } from "zod";
import { RUN_STATUSES, type RunStatus } from "@/lib/statuses";

/** Path parameters: opaque string ids (cuid-like), at most 64 characters. */
export const idParam = (name: string) =>
  z.string().min(1, `${name} is required`).max(64, `${name}: at most 64 characters`).regex(/^[A-Za-z0-9_-]+$/, `${name}: letters, digits, _ or -`);

export const automationParams = z.strictObject({ automation_id: idParam("automation_id") });

const LOWER_STATUSES = RUN_STATUSES.map((s) => s.toLowerCase());

/** Query `status`: comma-separated lowercase run statuses, e.g. `failed,cancelled`. */
export const runStatusFilter = z
  .string()
  .transform((v, ctx): RunStatus[] => {
    const parts = v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
    const bad = parts.filter((p) => !LOWER_STATUSES.includes(p));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `unknown status ${bad.join(", ")}; allowed: ${LOWER_STATUSES.join(", ")} (comma-separated)` });
      return z.NEVER;
    }
    return parts.map((p) => p.toUpperCase() as RunStatus);
  })
  .describe(`Comma-separated: ${LOWER_STATUSES.join(", ")}`);

/** An optional ISO date or date-time query parameter. */
export const dateParam = (name: string) => z.coerce.date({ error: `${name}: an ISO date or date-time` }).optional();
