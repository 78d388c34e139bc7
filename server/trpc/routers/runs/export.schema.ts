import type { z } from "zod";
import { idField, listRunsInput } from "./list.schema";

/**
 * Run export input (GET /api/runs/export, the browser download): the runs
 * list's input (its filters; cursor and limit are ignored) plus runId for one
 * run. The same schema as runs.list, so every list filter exports as shown.
 */
export const exportRunsInput = listRunsInput.extend({ runId: idField("runId").optional() });
export type ExportRunsQuery = z.input<typeof exportRunsInput>;
