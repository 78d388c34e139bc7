import type { ApiOperation } from "./operation";
import { automationOperations } from "./routes/automations";
import { actionOperations } from "./routes/actions";
import { runOperations } from "./routes/runs";
import { eventOperations } from "./routes/events";
import { schemaOperations } from "./routes/schemas";
import { approvalOperations } from "./routes/approvals";

/** Every REST v1 operation: the router serves these and the OpenAPI document describes exactly these. */
export const API_OPERATIONS: readonly ApiOperation[] = [...automationOperations, ...actionOperations, ...runOperations, ...eventOperations, ...schemaOperations, ...approvalOperations];
